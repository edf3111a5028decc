using System.Globalization;
using System.Runtime.InteropServices;

namespace K3Competency.Bench;

/// <summary>What the figures were measured on; a benchmark without its machine says little.</summary>
internal sealed record Machine(int Cpus, string CpuModel, double MemoryGiB, string Os, string Runtime)
{
    public static Machine Describe()
    {
        var model = ProcLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = ProcLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            ?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = ProcLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
                 ?? RuntimeInformation.OSDescription;
        return new Machine(Environment.ProcessorCount, model,
            memKb is null ? 0 : long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0, os, RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The 1-minute load average: other work on the machine slows every figure.</summary>
    public static string LoadAverage() => ProcLines("/proc/loadavg").FirstOrDefault()?.Split(' ')[0] ?? "?";

    private static IEnumerable<string> ProcLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
