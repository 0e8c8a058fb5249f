using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace CmkAudit.Reporting.Writers;

/// <summary>The JSON settings every JSON-based format shares: camelCase, indented, '\n', readable Unicode.</summary>
internal static class JsonText
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Write<T>(Stream output, T value)
    {
        JsonSerializer.Serialize(output, value, Options);
        output.Write("\n"u8);
    }
}
