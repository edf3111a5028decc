using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace K3Competency.Bench;

/// <summary>What wrk measured: requests per second, latency percentiles and every kind of failure.</summary>
internal sealed record WrkResult(
    int Connections, TimeSpan Duration, long Requests, double RequestsPerSecond, TimeSpan P50, TimeSpan P75, TimeSpan P90, TimeSpan P99,
    long SocketErrors, long Timeouts, long NotOk)
{
    /// <summary>Anything but a 200 counts: a redirect to the login page would otherwise pass as a success.</summary>
    public long Errors => SocketErrors + Timeouts + NotOk;
}

/// <summary>
/// The HTTP load generator wrk (the Debian package; ./k3 bench installs it), run against one page with a signed-in
/// cookie. A small Lua script counts the answers that are not 200, which wrk itself would count as successes.
/// </summary>
internal static partial class Wrk
{
    private const string Script = """
        -- Counts the answers that are not 200 (wrk counts a 302 to the login page as a success).
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args) not_ok = 0 end
        function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
        function done(summary, latency, requests)
          local total = 0
          for _, t in ipairs(threads) do total = total + t:get("not_ok") end
          io.write(string.format("not-200: %d\n", total))
        end
        """;

    public static async Task<WrkResult> RunAsync(Uri url, string cookie, int connections, TimeSpan duration, string workDir, CancellationToken ct)
    {
        var script = Path.Combine(workDir, "wrk-not-200.lua");
        await File.WriteAllTextAsync(script, Script, ct);
        var start = new ProcessStartInfo("wrk")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // One thread per CPU: the app, PostgreSQL and wrk share the machine, as they would not in production.
        foreach (var arg in new[]
                 {
                     "-t", Math.Min(Environment.ProcessorCount, connections).ToString(CultureInfo.InvariantCulture),
                     "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "10s", "--latency",
                     "-H", $"Cookie: {cookie}", "-s", script, url.ToString(),
                 })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; install it (apt-get install wrk).");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {error}{output}");
        }
        return Parse(output, connections, duration);
    }

    internal static WrkResult Parse(string output, int connections, TimeSpan duration)
    {
        TimeSpan Percentile(string p) => Latency(Need(Regex.Match(output, $@"^\s*{p}%\s+(\S+)", RegexOptions.Multiline), $"{p}%"));
        var socket = SocketErrors().Match(output);
        return new WrkResult(
            connections,
            duration,
            long.Parse(Need(RequestsLine().Match(output), "requests"), CultureInfo.InvariantCulture),
            double.Parse(Need(RateLine().Match(output), "Requests/sec"), CultureInfo.InvariantCulture),
            Percentile("50"), Percentile("75"), Percentile("90"), Percentile("99"),
            socket.Success ? long.Parse(socket.Groups[1].Value, CultureInfo.InvariantCulture) + long.Parse(socket.Groups[2].Value, CultureInfo.InvariantCulture)
                             + long.Parse(socket.Groups[3].Value, CultureInfo.InvariantCulture) : 0,
            socket.Success ? long.Parse(socket.Groups[4].Value, CultureInfo.InvariantCulture) : 0,
            long.Parse(Need(NotOkLine().Match(output), "not-200"), CultureInfo.InvariantCulture));
    }

    /// <summary>wrk writes 812.00us, 12.34ms, 1.02s, 2.00m.</summary>
    private static TimeSpan Latency(string text)
    {
        var m = LatencyValue().Match(text);
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "us" => TimeSpan.FromMicroseconds(value),
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => throw new FormatException($"Unknown latency unit in \"{text}\"."),
        };
    }

    private static string Need(Match match, string what) =>
        match.Success ? match.Groups[1].Value : throw new FormatException($"wrk printed no {what}.");

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"^not-200: (\d+)", RegexOptions.Multiline)]
    private static partial Regex NotOkLine();

    [GeneratedRegex(@"^([\d.]+)(us|ms|s|m)$")]
    private static partial Regex LatencyValue();
}
