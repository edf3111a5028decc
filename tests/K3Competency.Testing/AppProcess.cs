using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace K3Competency.Testing;

/// <summary>
/// The real web app as a child process (<c>dotnet K3Competency.Web.dll</c>), configured by environment
/// variables as in production. Its output goes to a log file; its memory is read from /proc. The benches
/// measure it, and the tests that must kill a real process (SIGKILL, no clean-up) start it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    /// <summary>The app's database sessions carry this name, so the bench can watch them in pg_stat_activity.</summary>
    public const string ApplicationName = "k3-bench-app";

    public const string AdminEmail = "bench@k3.local";
    public const string AdminPassword = "Bench-Admin-Rahasia-2025";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private AppProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the app and waits until /health/ready answers. <paramref name="environment"/> adds or overrides
    /// settings (Smtp__Port, Delivery__PerMinute, ...), as an operator would.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string webDll, string contentRoot, string tempDir, string connectionString, string logPath,
        IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The project folder is the content root, as under ./k3 run: wwwroot and appsettings.json are there.
            WorkingDirectory = contentRoot,
        };
        start.ArgumentList.Add(webDll);
        var env = start.Environment;
        env["ConnectionStrings__K3"] = connectionString + $";Application Name={ApplicationName}";
        env["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["K3_ADMIN_EMAIL"] = AdminEmail;
        env["K3_ADMIN_PASSWORD"] = AdminPassword;
        env["K3_DEMO"] = "false";
        env.Remove("DOTNET_ENVIRONMENT");
        // Its own temp folder (where uploads are spooled), so the bench can see what a killed app leaves there.
        env["TMPDIR"] = tempDir;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, log, baseAddress);
        process.OutputDataReceived += (_, e) => app.Log(e.Data);
        process.ErrorDataReceived += (_, e) => app.Log(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName} {webDll}.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitReadyAsync(logPath, ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>Peak resident set size of the process so far (VmHWM), in bytes.</summary>
    public long PeakRssBytes() => ReadStatus("VmHWM:");

    /// <summary>Current resident set size (VmRSS), in bytes.</summary>
    public long RssBytes() => ReadStatus("VmRSS:");

    /// <summary>SIGKILL: the process gets no chance to finish, roll back or clean up anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private async Task WaitReadyAsync(string logPath, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was ready; see {logPath}.");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Busy migrating; ask again.
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"The app was not ready within 180 s; see {logPath}.");
    }

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"No {field} in /proc/{_process.Id}/status.");
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running the bench also runs the app, so both use the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
