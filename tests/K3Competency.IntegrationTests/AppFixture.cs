using K3Competency.Testing;

namespace K3Competency.IntegrationTests;

/// <summary>One migrated database and one app for the whole run.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new("it");
    public K3AppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.CreateAsync();
        Factory = new K3AppFactory(Database);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

/// <summary>Base of every integration test: a clean database before each test.</summary>
[Collection(AppCollection.Name)]
public abstract class IntegrationTest(AppFixture fixture) : IAsyncLifetime
{
    protected AppFixture Fixture { get; } = fixture;
    protected K3AppFactory Factory => Fixture.Factory;
    protected TestDatabase Database => Fixture.Database;

    public virtual Task InitializeAsync() => Database.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
