using System.Net;
using System.Text;

namespace K3Competency.Application.Mail;

/// <summary>A link a mail points to, shown as its text in HTML and written out in the plain-text part.</summary>
public sealed record MailLink(string Text, string Url);

/// <summary>
/// What a mail says, in Bahasa Indonesia, as parts rather than markup: a greeting, paragraphs, an optional
/// link, and the sender's sign-off. One layout renders every mail the app sends (certificates now,
/// registration and sign-in mails later) as plain text and as HTML with everything escaped, so no template
/// writes HTML by hand and no user-typed name can inject markup.
/// </summary>
public sealed record MailContent(string Subject, string Greeting, IReadOnlyList<string> Paragraphs, MailLink? Link, IReadOnlyList<string> Signature)
{
    public const string Footer = "E-mail ini dikirim otomatis oleh K3Competency; mohon tidak membalas e-mail ini.";

    public string Text()
    {
        var sb = new StringBuilder();
        sb.Append(Greeting).Append("\n\n");
        foreach (var p in Paragraphs)
        {
            sb.Append(p).Append("\n\n");
        }
        if (Link is not null)
        {
            sb.Append(Link.Text).Append(":\n").Append(Link.Url).Append("\n\n");
        }
        sb.AppendJoin('\n', Signature).Append("\n\n-- \n").Append(Footer).Append('\n');
        return sb.ToString();
    }

    public string Html()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(Subject)).Append("</title></head><body>");
        sb.Append("<p>").Append(E(Greeting)).Append("</p>");
        foreach (var p in Paragraphs)
        {
            sb.Append("<p>").Append(E(p)).Append("</p>");
        }
        if (Link is not null)
        {
            sb.Append("<p><a href=\"").Append(E(Link.Url)).Append("\">").Append(E(Link.Text)).Append("</a></p>");
        }
        sb.Append("<p>").AppendJoin("<br>", Signature.Select(E)).Append("</p>");
        sb.Append("<hr><p><small>").Append(E(Footer)).Append("</small></p></body></html>");
        return sb.ToString();
    }
}
