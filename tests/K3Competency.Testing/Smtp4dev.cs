using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using MimeKit;

namespace K3Competency.Testing;

/// <summary>
/// A real SMTP server for the tests and benches: smtp4dev (the dotnet tool Rnwood.Smtp4dev 3.15.0 that
/// ./k3 test installs under .k3/tools), started as its own process on free local ports with an in-memory
/// store, and read back through its JSON API (/api/messages). Never a mock.
/// <para>
/// Its recipient check (a JavaScript expression smtp4dev evaluates for every RCPT TO) gives tests the
/// server answers they need: <see cref="RejectedAddress"/> is refused with 550, and
/// <see cref="DeferredAddress"/> with 451 until the instant written into the address, then accepted.
/// </para>
/// </summary>
public sealed class Smtp4dev : IAsyncDisposable
{
    public const string ToolVersion = "3.15.0";

    private const string RecipientRules =
        "recipient.startsWith('tolak-') ? error(550, '5.1.1 Kotak surat tidak ada') : " +
        "(recipient.startsWith('tunda-') && Date.now() < Number(recipient.split('-')[1]) ? error(451, '4.3.0 Coba lagi nanti') : true)";

    // The server must never outlive the test process. It does not inherit the descriptors of whoever started the
    // run (fd 3 of `flock /tmp/k3-fulltest.lock ./k3 test` is the lock: a server left running holds it for every
    // helper), it writes to no pipe of the test host (once the host is gone, its shutdown log may block on one),
    // and a server that does not stop within 10 s of SIGTERM gets SIGKILL. Its pid is written to server.pid in
    // its folder, so that Stop can end it directly.
    private const string Watchdog = """
        parent=$1; shift
        exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
        "$@" </dev/null >/dev/null 2>&1 & child=$!
        echo $child > server.pid
        stop() {
          kill $child 2>/dev/null; kill -CONT $child 2>/dev/null
          i=0
          while kill -0 $child 2>/dev/null && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
          kill -9 $child 2>/dev/null
        }
        trap 'stop; exit 0' TERM INT
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        stop
        """;

    private static readonly Lazy<Task<Smtp4dev>> SharedServer = new(() => StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process _process;
    private readonly string _dataDir;
    private readonly HttpClient _http;

    private Smtp4dev(Process process, string dataDir, int smtpPort, Uri web)
    {
        _process = process;
        _dataDir = dataDir;
        SmtpPort = smtpPort;
        WebAddress = web;
        _http = new HttpClient { BaseAddress = web, Timeout = TimeSpan.FromSeconds(60) };
    }

    public int SmtpPort { get; }
    public Uri WebAddress { get; }

    /// <summary>One server for the whole test process, started on first use and stopped when the process ends.</summary>
    public static Smtp4dev Shared => SharedServer.Value.GetAwaiter().GetResult();

    /// <summary>The smtp4dev executable: K3_SMTP4DEV, or the one ./k3 installs in .k3/tools.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("K3_SMTP4DEV") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Repository.Root, ".k3", "tools", "smtp4dev");

    /// <summary>An address the server refuses for good (550).</summary>
    public static string RejectedAddress(string name) => $"tolak-{name}@uji.k3.local";

    /// <summary>An address the server refuses for now (451) until <paramref name="until"/>, and accepts after.</summary>
    public static string DeferredAddress(DateTimeOffset until, string name) =>
        $"tunda-{until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-{name}@uji.k3.local";

    public static async Task<Smtp4dev> StartAsync(CancellationToken ct = default)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"smtp4dev not found at {Executable}. ./k3 test installs it (dotnet tool install --tool-path .k3/tools Rnwood.Smtp4dev --version {ToolVersion}).");
        }
        var smtpPort = FreePort();
        var webPort = FreePort();
        var dataDir = Path.Combine(Path.GetTempPath(), "k3-smtp4dev-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        // Started under a small shell that ends it when this process is gone: a test host that is killed
        // (as the test runner does at the end) runs no clean-up, and would leave the server running.
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("smtp4dev-watchdog");
        start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(Executable);
        foreach (var arg in new[]
                 {
                     $"--baseappdatapath={dataDir}", "--db=", $"--smtpport={smtpPort}", "--imapport=", "--pop3port=",
                     $"--urls=http://127.0.0.1:{webPort}", "--messagestokeep=100000", "--sessionstokeep=100", "--nousersettings",
                     "--hostname=localhost", "--bindaddress=127.0.0.1", "--disableipv6",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ServerOptions__RecipientValidationExpression"] = RecipientRules;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        // The watchdog's own output (the server's goes nowhere); reading it keeps the pipes from filling up.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Smtp4dev(process, dataDir, smtpPort, new Uri($"http://127.0.0.1:{webPort}/"));
        try
        {
            await server.WaitReadyAsync(ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        // A test run that ends without disposing it (the shared one) still leaves no server behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    public sealed record Summary(Guid Id, string[] To, string Subject, DateTime ReceivedDate, int AttachmentCount);

    private sealed record Page(List<Summary> Results, int RowCount);

    /// <summary>The messages whose sender, recipient, subject or text contains <paramref name="search"/> (every message when null).</summary>
    public async Task<IReadOnlyList<Summary>> MessagesAsync(string? search = null, CancellationToken ct = default)
    {
        var url = $"api/messages?pageSize=100000&sortIsDescending=false{(search is null ? "" : "&searchTerms=" + Uri.EscapeDataString(search))}";
        var page = await _http.GetFromJsonAsync<Page>(url, ct);
        return page!.Results;
    }

    /// <summary>The message as the server received it, parsed (attachments included).</summary>
    public async Task<MimeMessage> MessageAsync(Guid id, CancellationToken ct = default)
    {
        await using var raw = await _http.GetStreamAsync($"api/messages/{id}/raw", ct);
        using var buffer = new MemoryStream();
        await raw.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return await MimeMessage.LoadAsync(buffer, ct);
    }

    public async Task DeleteAllAsync(CancellationToken ct = default)
    {
        using var response = await _http.DeleteAsync("api/messages/*", ct);
        response.EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _http.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        try
        {
            // The server first, then its watchdog, each with a plain SIGKILL. Not Kill(entireProcessTree): that stops
            // (SIGSTOP) each process of the tree before killing it, and a server it stopped but then missed (the
            // watchdog gone, the server handed to init) stayed stopped for good, deaf to every SIGTERM.
            if (File.Exists(Path.Combine(_dataDir, "server.pid"))
                && int.TryParse(File.ReadAllText(Path.Combine(_dataDir, "server.pid")).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                KillServer(pid);
            }
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // Already gone, or its folder still busy: the folder is a throwaway under /tmp.
        }
    }

    private static void KillServer(int pid)
    {
        try
        {
            using var server = Process.GetProcessById(pid);
            // A pid the system has since given to another program is left alone.
            if (server.ProcessName.StartsWith("smtp4dev", StringComparison.Ordinal))
            {
                server.Kill();
                server.WaitForExit(5000);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"smtp4dev exited with code {_process.ExitCode} before it was ready.");
            }
            try
            {
                using var response = await _http.GetAsync("api/messages?pageSize=1", ct);
                if (response.StatusCode == HttpStatusCode.OK && await SmtpAnswersAsync(ct))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException("smtp4dev was not ready within 60 s.");
    }

    private async Task<bool> SmtpAnswersAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
