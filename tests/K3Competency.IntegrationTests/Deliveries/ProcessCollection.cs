namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>
/// Tests with a database of their own (so no other app joins their job-engine cluster): the crash test with a
/// separate app process, and settings the shared app does not have. They run one after another, and alone,
/// after the main collection: the crash test's second app process rendering 500 certificates beside it
/// starved the main collection's demo-data queries into their 30 s command timeout on a loaded 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "own-database";
}
