using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace K3Competency.Web.Api;

/// <summary>
/// Session times in the API as DESIGN §10.1 writes them: "08:00" (WIB wall-clock time), not System.Text.Json's
/// "08:00:00". Reads "8:00" and "08:00:00" too; anything else is a 400 naming the form.
/// </summary>
public sealed class HourMinuteConverter : JsonConverter<TimeOnly>
{
    private static readonly string[] Accepted = ["HH:mm", "H:mm", "HH:mm:ss"];

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return TimeOnly.TryParseExact(text, Accepted, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new UnreadableValueException("Jam ditulis HH:mm dalam WIB, misalnya \"08:00\".");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
}
