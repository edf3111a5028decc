using K3Competency.Application.Deliveries;
using K3Competency.Application.Mail;

namespace K3Competency.UnitTests.Deliveries;

public sealed class DeliverySettingsTests
{
    [Fact]
    public void The_wait_after_a_temporary_failure_doubles_up_to_the_limit()
    {
        var o = new DeliveryOptions { RetryBaseSeconds = 60, RetryMaxSeconds = 600 };

        Assert.Equal([60, 120, 240, 480, 600, 600], Enumerable.Range(1, 6).Select(a => o.RetryDelay(a).TotalSeconds));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(60, 1000)]
    [InlineData(120, 500)]
    public void A_rate_per_minute_spaces_the_mails_evenly(int perMinute, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), new DeliveryOptions { PerMinute = perMinute }.Spacing);

    [Fact]
    public void Smtp_settings_that_cannot_work_stop_the_app_at_start_and_say_which()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Host = "", Port = 0, From = "bukan alamat", Username = "u" });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Smtp:Host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Smtp:Port", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Smtp:From", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Smtp:Password", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("rahasia", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mail_server_with_a_login_and_a_named_sender_is_accepted() =>
        Assert.True(new SmtpOptionsValidator().Validate(null, new SmtpOptions
        {
            Host = "smtp.kemnaker.go.id", Port = 587, From = "K3Competency <noreply@kemnaker.go.id>", Username = "k3", Password = "rahasia", UseStartTls = true,
        }).Succeeded);

    [Fact]
    public void A_claim_too_short_to_send_a_mail_in_or_a_negative_rate_is_refused()
    {
        var result = new DeliveryOptionsValidator().Validate(null, new DeliveryOptions { ClaimSeconds = 1, PerMinute = -1 });

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
    }
}
