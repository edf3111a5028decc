namespace K3Competency.Web.Pages.Shared;

/// <summary>
/// The revoke-and-reissue step of a correction form (_CertificateRevocation): the live certificates a change may make untrue,
/// a box that confirms revoking them (reissued where the registration still completes), and the reason, which on a finished
/// batch is also the correction's reason for the audit. The names are the form's own fields; <see cref="Id"/> keeps ids unique
/// when a page holds several such forms. <see cref="Legend"/> replaces the list of numbers where a change touches many
/// certificates (a programme's thresholds, a batch's sessions: the refusal above the box names them).
/// </summary>
public sealed record CertificateRevocationFields(
    IReadOnlyList<string> Certificates, bool BatchFinished, string RevokeName, bool Revoke, string ReasonName, string? Reason, string Id = "revocation",
    string? Legend = null);
