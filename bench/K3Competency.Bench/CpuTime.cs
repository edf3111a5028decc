using System.Globalization;

namespace K3Competency.Bench;

/// <summary>
/// The CPU time threads used and how often the kernel took the CPU from them while they still wanted it (involuntary
/// context switches), from <c>/proc/PID/task/TID/stat</c> and <c>status</c>; and the CPU time of the whole machine from
/// <c>/proc/stat</c>. (This kernel keeps no run-queue wait times, /proc/PID/schedstat, so the waiting shows as the
/// difference between a request's latency and the CPU it used, and as the share of the machine that other work took.)
/// </summary>
internal sealed record CpuTime(TimeSpan Used, long Preempted)
{
    private static readonly CpuTime None = new(TimeSpan.Zero, 0);

    /// <summary>The kernel's clock tick for the CPU times in /proc (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    public static CpuTime operator +(CpuTime a, CpuTime b) => new(a.Used + b.Used, a.Preempted + b.Preempted);

    /// <summary>Every thread of the processes now, by process and thread id.</summary>
    public static Dictionary<(int Pid, int Tid), CpuTime> Threads(IEnumerable<int> pids)
    {
        var threads = new Dictionary<(int, int), CpuTime>();
        foreach (var pid in pids)
        {
            var tasks = $"/proc/{pid}/task";
            if (!Directory.Exists(tasks))
            {
                continue;
            }
            foreach (var dir in Directory.EnumerateDirectories(tasks))
            {
                if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var tid) && Read(dir) is { } t)
                {
                    threads[(pid, tid)] = t;
                }
            }
        }
        return threads;
    }

    /// <summary>What the threads did between two snapshots (a thread that ended in between is not counted; one that began counts whole).</summary>
    public static CpuTime Between(Dictionary<(int Pid, int Tid), CpuTime> before, Dictionary<(int Pid, int Tid), CpuTime> after) =>
        after.Aggregate(None, (total, t) =>
        {
            var then = before.GetValueOrDefault(t.Key, None);
            return total + new CpuTime(t.Value.Used - then.Used, t.Value.Preempted - then.Preempted);
        });

    /// <summary>The CPU time every task of the machine used so far (all but idle and iowait in the cpu line of /proc/stat).</summary>
    public static TimeSpan Machine()
    {
        var line = File.Exists("/proc/stat") ? File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal)) : null;
        if (line is null)
        {
            return TimeSpan.Zero;
        }
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal: guest time is already inside user.
        var busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }

    private static CpuTime? Read(string taskDir)
    {
        try
        {
            // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText(Path.Combine(taskDir, "stat"));
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
            var preempted = File.ReadLines(Path.Combine(taskDir, "status"))
                .Where(l => l.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(':')[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
            return new CpuTime(TimeSpan.FromSeconds(ticks / TicksPerSecond), preempted);
        }
        catch (IOException)
        {
            return null; // the thread ended while we read
        }
    }
}
