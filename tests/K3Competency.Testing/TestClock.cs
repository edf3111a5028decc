namespace K3Competency.Testing;

/// <summary>
/// The app's TimeProvider in tests: the system's time until a test pins it, so a check-in can happen "at 08:16 on the
/// session's day" without sleeping. A test that pins it releases it when done (<see cref="Release"/>).
/// </summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? _pinned;

    public override DateTimeOffset GetUtcNow() => _pinned ?? System.GetUtcNow();

    public void Pin(DateTimeOffset at) => _pinned = at;

    /// <summary>Pins the clock at a wall-clock time in WIB (UTC+7).</summary>
    public void PinWib(DateOnly date, int hour, int minute, int second = 0) =>
        _pinned = new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, minute, second)), TimeSpan.FromHours(7));

    public void Advance(TimeSpan by) => _pinned = GetUtcNow() + by;

    public void Release() => _pinned = null;
}
