using Microsoft.Extensions.Options;
using MimeKit;

namespace K3Competency.Application.Mail;

/// <summary>
/// The mail server (DESIGN §11): <c>Smtp__Host</c>, <c>Smtp__Port</c>, <c>Smtp__Username</c>,
/// <c>Smtp__Password</c>, <c>Smtp__From</c>, <c>Smtp__UseStartTls</c>. Checked when the app starts, so a
/// wrong setting stops it at once instead of failing the first mail. The password is never logged: nothing
/// prints these options, and the SMTP conversation is not traced.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, "Name &lt;address&gt;" or a bare address.</summary>
    public string From { get; set; } = "";

    /// <summary>Upgrade the connection with STARTTLS and refuse to send when the server cannot; off sends in plain text (a local mail catcher).</summary>
    public bool UseStartTls { get; set; }

    /// <summary>How long one SMTP command may take before the attempt counts as failed (and is retried).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool HasCredentials => !string.IsNullOrEmpty(Username);

    public MailboxAddress Sender() => MailboxAddress.Parse(From);
}

/// <summary>The start-up check of <see cref="SmtpOptions"/>. Operators read these, so they are in English like the other configuration errors.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Smtp:Host is not set (Smtp__Host): the name or address of the mail server.");
        }
        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Smtp:Port must be between 1 and 65535; it is {options.Port}.");
        }
        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
        {
            errors.Add("Smtp:From must be a sender address such as \"K3Competency <noreply@kemnaker.go.id>\" (Smtp__From).");
        }
        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            errors.Add("Smtp:Username and Smtp:Password go together: set both, or neither for a server without login.");
        }
        if (options.TimeoutSeconds is < 1 or > 600)
        {
            errors.Add($"Smtp:TimeoutSeconds must be between 1 and 600; it is {options.TimeoutSeconds}.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
