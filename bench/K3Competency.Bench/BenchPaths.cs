namespace K3Competency.Bench;

/// <summary>Where a bench finds the app it runs and puts what it writes, below the checkout.</summary>
internal sealed record BenchPaths(string Root)
{
    /// <summary>bench/results: reports, generated data and the app's logs; never committed.</summary>
    public string Results => Path.Combine(Root, "bench", "results");

    /// <summary>The app's own temp folder (uploads are spooled there), so a bench can see what a killed app leaves.</summary>
    public string AppTemp => Path.Combine(Results, "tmp");

    /// <summary>The project folder is the app's content root, as under ./k3 run: wwwroot and appsettings.json are there.</summary>
    public string WebProject => Path.Combine(Root, "src", "K3Competency.Web");

    /// <summary>The Release build that ./k3 bench makes.</summary>
    public string WebDll => Path.Combine(WebProject, "bin", "Release", "net10.0", "K3Competency.Web.dll");

    public string AppLog(string name) => Path.Combine(Results, "logs", name);
}
