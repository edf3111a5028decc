using System.Net.Sockets;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace K3Competency.Application.Mail;

/// <summary>A file sent with a mail.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>One mail to one person: the address, the name it is addressed to, what it says, and its files.</summary>
public sealed record OutgoingMail(string To, string ToName, MailContent Content, IReadOnlyList<MailAttachment> Attachments);

/// <summary>
/// The mail server would not take a mail. <see cref="Permanent"/> is the server's 5xx ("this will never
/// work": unknown mailbox, refused sender); anything else — a 4xx, a lost connection, a timeout, a failed
/// login — is worth trying again later. <see cref="Exception.Message"/> is the reason in Bahasa Indonesia,
/// with the server's own words, as Staff sees it beside the recipient.
/// </summary>
public sealed class MailSendException(bool permanent, int? smtpStatus, string message, Exception inner) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
    public int? SmtpStatus { get; } = smtpStatus;
}

/// <summary>
/// Sends mail over SMTP with MailKit (DESIGN §11). The one way the app sends mail: any feature renders a
/// <see cref="MailContent"/> and sends it here, one mail at a time (<see cref="SendAsync"/>) or many over one
/// connection (<see cref="OpenSession"/>).
/// </summary>
public sealed class MailSender(IOptions<SmtpOptions> options)
{
    public MailSession OpenSession() => new(options.Value);

    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        await using var session = OpenSession();
        await session.SendAsync(mail, ct);
    }
}

/// <summary>
/// One SMTP connection, opened on the first mail and kept for the next ones; after a failure it is dropped
/// and the next mail opens a new one. Not thread-safe: one sender uses it at a time.
/// </summary>
public sealed class MailSession(SmtpOptions options) : IAsyncDisposable
{
    private readonly SmtpClient _client = new() { Timeout = options.TimeoutSeconds * 1000 };

    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            message = Build(mail);
        }
        catch (ParseException e)
        {
            // An address no server could take (imports and forms check them; this is the last line).
            throw new MailSendException(true, null, Reason($"Alamat e-mail {EmailMask.Mask(mail.To)} tidak valid; perbaiki alamat pesertanya."), e);
        }
        using var _ = message;
        try
        {
            if (!_client.IsConnected)
            {
                await _client.ConnectAsync(options.Host, options.Port,
                    options.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
                if (options.HasCredentials)
                {
                    await _client.AuthenticateAsync(options.Username!, options.Password ?? "", ct);
                }
            }
            await _client.SendAsync(message, ct);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var permanent = code is >= 500 and < 600;
            // A refused recipient leaves the connection usable; anything else may not have.
            if (e.ErrorCode != SmtpErrorCode.RecipientNotAccepted)
            {
                await DropAsync();
            }
            throw new MailSendException(permanent, code,
                Reason(permanent ? $"Ditolak server surat ({code}): {e.Message}" : $"Ditolak sementara oleh server surat ({code}): {e.Message}"), e);
        }
        catch (AuthenticationException e)
        {
            await DropAsync();
            throw new MailSendException(false, null, Reason($"Login ke server surat gagal; periksa pengaturan Smtp__Username dan Smtp__Password ({e.Message})."), e);
        }
        catch (OperationCanceledException e)
        {
            // The caller's deadline: the server may or may not have the mail, and the connection is mid-command.
            await DropAsync();
            throw new MailSendException(false, null, Reason($"Server surat {options.Host}:{options.Port} tidak menjawab tepat waktu."), e);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException
                                     or SslHandshakeException or TimeoutException)
        {
            await DropAsync();
            throw new MailSendException(false, null, Reason($"Server surat {options.Host}:{options.Port} tidak dapat dihubungi atau memutus koneksi: {e.Message}"), e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        _client.Dispose();
    }

    private MimeMessage Build(OutgoingMail mail)
    {
        var message = new MimeMessage();
        // A new sender address for every message: an address list subscribes to its addresses' change events,
        // so one address shared by all the messages of a session would keep every one of them alive.
        message.From.Add(options.Sender());
        message.To.Add(new MailboxAddress(mail.ToName, mail.To));
        message.Subject = mail.Content.Subject;
        var body = new BodyBuilder { TextBody = mail.Content.Text(), HtmlBody = mail.Content.Html() };
        foreach (var a in mail.Attachments)
        {
            body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private async Task DropAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or TimeoutException or OperationCanceledException)
            {
                // The connection is being dropped because it failed; a failed goodbye changes nothing.
            }
        }
    }

    private static string Reason(string text) =>
        text.Length <= FieldLengths.MailError ? text : text[..(FieldLengths.MailError - 1)] + "…";
}
