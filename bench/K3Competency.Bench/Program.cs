using K3Competency.Bench;

// Benchmarks of the real app, started as its own process and driven over HTTP (./k3 bench).
var command = BenchCommand.Parse(args);
if (command.Help || command.Bench is null)
{
    Console.WriteLine(BenchCommand.Usage);
    return command.Help ? 0 : 2;
}
if (command.Bench is not ("import" or "summary" or "mail" or "checkin" or "selfreg"))
{
    Console.Error.WriteLine($"Unknown bench \"{command.Bench}\".\n");
    Console.Error.WriteLine(BenchCommand.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return command.Bench switch
{
    "summary" => await new SummaryBench(command.SummaryOptions()).RunAsync(cancel.Token),
    "mail" => await new MailBench(command.MailOptions()).RunAsync(cancel.Token),
    "checkin" => await new CheckInBench(command.CheckInOptions()).RunAsync(cancel.Token),
    "selfreg" => await new SelfRegistrationBench(command.SelfRegistrationOptions()).RunAsync(cancel.Token),
    _ when command.Compare.Count > 0 => await new ImportComparison(command.ImportOptions()).RunAsync(cancel.Token),
    _ => await new ImportBench(command.ImportOptions()).RunAsync(cancel.Token),
};
