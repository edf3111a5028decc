namespace K3Competency.Testing;

/// <summary>The checkout the tests run from: where the web project and the tools that ./k3 installs (.k3/tools) are.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K3Competency.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"K3Competency.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    /// <summary>src/K3Competency.Web: the content root of the app, as under ./k3 run (wwwroot, appsettings.json).</summary>
    public static string WebProject => Path.Combine(Root, "src", "K3Competency.Web");

    /// <summary>The web app's build in <paramref name="configuration"/> (what ./k3 test and ./k3 bench build).</summary>
    public static string WebDll(string configuration) =>
        Path.Combine(WebProject, "bin", configuration, "net10.0", "K3Competency.Web.dll");
}
