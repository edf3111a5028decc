namespace K3Competency.Application.Data;

/// <summary>
/// The PostgreSQL advisory lock keys of the application, in one place so that no two uses collide.
/// The one-key (bigint) space and the two-key (int, int) space do not overlap.
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Applying migrations at start (one bigint key; "K3MIGRAT" in ASCII).</summary>
    public const long Migrations = 0x4B334D4947524154;

    /// <summary>First key of the per-batch import lock; the second is the batch id.</summary>
    public const int BatchImport = 0x4B33_0001;

    /// <summary>
    /// First key of the per-person lock of the figure maintenance (registration_outcomes.v4.sql, where the value is
    /// written as 1261633538); the second is hashint8 of the participant id.
    /// </summary>
    public const int OutcomePerson = 0x4B33_0002;
}
