using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace K3Competency.Testing;

/// <summary>
/// Every log event the app writes during a test run, rendered with all its properties, kept in memory and,
/// when K3_TEST_LOG_DIR is set (./k3 test sets it), appended to a file there, so that a test and the test
/// script can check that no NIK, password or token was ever logged.
/// </summary>
public sealed class CapturedLogs : ILogEventSink
{
    public static readonly CapturedLogs Instance = new();
    private static readonly Lock FileLock = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string? _file;

    private CapturedLogs()
    {
        var dir = Environment.GetEnvironmentVariable("K3_TEST_LOG_DIR");
        if (!string.IsNullOrWhiteSpace(dir))
        {
            Directory.CreateDirectory(dir);
            _file = Path.Combine(dir, $"{AppDomain.CurrentDomain.FriendlyName}-{Environment.ProcessId}.log");
        }
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public void Emit(LogEvent logEvent)
    {
        var props = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        var line = $"{logEvent.Level} {logEvent.RenderMessage(CultureInfo.InvariantCulture)} | {props} {logEvent.Exception}";
        _lines.Enqueue(line);
        if (_file is not null)
        {
            lock (FileLock)
            {
                File.AppendAllText(_file, line.ReplaceLineEndings(" ") + Environment.NewLine);
            }
        }
    }
}
