using System.Diagnostics;

namespace K3Competency.Bench;

/// <summary>
/// The app as it was at an earlier commit, built from <c>git archive</c> into the bench's results folder (no
/// worktree is registered, nothing of the checkout is touched), so that the same run can measure before and after.
/// A build is kept and reused while its commit stays the same.
/// </summary>
internal static class PreIssueBuild
{
    /// <summary>The Web project folder of the built commit (its content root); the DLL is under bin/Release.</summary>
    public static async Task<(string WebDll, string ContentRoot)> BuildAsync(string root, string commit, string results, Action<string> say, CancellationToken ct)
    {
        var dir = Path.Combine(results, $"pre-{commit}");
        var web = Path.Combine(dir, "src", "K3Competency.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "K3Competency.Web.dll");
        var stamp = Path.Combine(dir, ".built");
        if (File.Exists(dll) && File.Exists(stamp) && (await File.ReadAllTextAsync(stamp, ct)).Trim() == commit)
        {
            say($"pre-issue app {commit}: reusing the build in {Path.GetRelativePath(root, dir)}");
            return (dll, web);
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        say($"pre-issue app {commit}: git archive into {Path.GetRelativePath(root, dir)} and dotnet build (Release)");
        await RunAsync("bash", ["-c", "set -o pipefail; git -C \"$1\" archive --format=tar \"$2\" | tar -x -C \"$3\"", "bash", root, commit, dir], dir, ct);
        await RunAsync("dotnet", ["build", web, "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly"], dir, ct);
        await File.WriteAllTextAsync(stamp, commit, ct);
        return (dll, web);
    }

    private static async Task RunAsync(string file, IEnumerable<string> args, string workDir, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{await error}{await output}");
        }
    }
}
