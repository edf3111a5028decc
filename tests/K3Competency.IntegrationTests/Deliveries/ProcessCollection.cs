namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>
/// Tests with a database of their own (so no other app joins their job-engine cluster): the crash test with a
/// separate app process, and settings the shared app does not have. They run one after another, beside the
/// main collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "own-database";
}
