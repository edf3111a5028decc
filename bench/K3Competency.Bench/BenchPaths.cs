namespace K3Competency.Bench;

/// <summary>
/// Where every bench finds the app it runs (the Release build of K3Competency.Web in the checkout) and puts what it
/// writes: bench/results, which git ignores.
/// </summary>
internal sealed class BenchPaths(string root)
{
    public string Root { get; } = root;
    public string Results { get; } = Path.Combine(root, "bench", "results");
    public string AppTemp => Path.Combine(Results, "tmp");
    public string Data => Path.Combine(Results, "data");
    public string WebRoot { get; } = Path.Combine(root, "src", "K3Competency.Web");
    public string WebDll => Path.Combine(WebRoot, "bin", "Release", "net10.0", "K3Competency.Web.dll");

    public string Log(string name) => Path.Combine(Results, "logs", name);

    /// <summary>A line of progress on stderr; the report goes to stdout.</summary>
    public static void Say(string text) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {text}");
}
