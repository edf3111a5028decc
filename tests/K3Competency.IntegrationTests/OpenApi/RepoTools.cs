using System.Diagnostics;

namespace K3Competency.IntegrationTests.OpenApi;

/// <summary>
/// The third-party tools that judge the API document, as pinned in the repository: Redocly CLI
/// (tools/openapi-lint/package.json) and Kiota (dotnet-tools.json). ./k3 test installs both before the tests run.
/// </summary>
public static class RepoTools
{
    /// <summary>The checkout: the folder above the test binaries that holds K3Competency.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Redocly => Path.Combine(Root, "tools", "openapi-lint", "node_modules", ".bin", "redocly");

    /// <summary>Runs a tool to its end (bounded by <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K3Competency.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("K3Competency.sln not found above " + AppContext.BaseDirectory);
    }
}
