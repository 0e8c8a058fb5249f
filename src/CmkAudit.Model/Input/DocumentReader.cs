using System.Text.Json;

namespace CmkAudit.Model.Input;

/// <summary>
/// Reads fields of one ARM document by dotted path, ignoring property-name case (ARM accepts any case and
/// exports mix "permissions.dataActions" with "Permissions.DataActions"). A field of the wrong JSON type is
/// reported once as a diagnostic and read as absent, so the rule that needs it answers "unknown".
/// </summary>
public readonly struct DocumentReader(JsonElement root, string resourceId, string file, List<Diagnostic> diagnostics)
{
    public JsonElement Root => root;

    public string? String(string path) => String(root, path);

    public string? String(JsonElement scope, string path)
    {
        if (!TryGet(scope, path, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        return WrongType<string>(path, value, "a string");
    }

    public bool? Bool(string path) => Bool(root, path);

    public bool? Bool(JsonElement scope, string path)
    {
        if (!TryGet(scope, path, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Some exports (az -o json of older CLIs, hand-written fixtures) carry booleans as strings.
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => WrongType<bool?>(path, value, "a boolean"),
        };
    }

    public long? Long(JsonElement scope, string path)
    {
        if (!TryGet(scope, path, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            return n;
        }
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s))
        {
            return s;
        }
        return WrongType<long?>(path, value, "an integer");
    }

    public JsonElement? Object(string path) => Object(root, path);

    public JsonElement? Object(JsonElement scope, string path)
    {
        if (!TryGet(scope, path, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object ? value : WrongType<JsonElement?>(path, value, "an object");
    }

    public IReadOnlyList<JsonElement>? Array(string path) => Array(root, path);

    public IReadOnlyList<JsonElement>? Array(JsonElement scope, string path)
    {
        if (!TryGet(scope, path, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : WrongType<IReadOnlyList<JsonElement>?>(path, value, "an array");
    }

    /// <summary>An array of strings; non-string items are reported and skipped.</summary>
    public IReadOnlyList<string>? Strings(JsonElement scope, string path)
    {
        var items = Array(scope, path);
        if (items is null)
        {
            return null;
        }
        var result = new List<string>(items.Count);
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(item.GetString()!);
            }
            else
            {
                WrongType<string>(path + "[]", item, "a string");
            }
        }
        return result;
    }

    /// <summary>Finds a property by name, exact case first, then ignoring case. JSON null counts as absent.</summary>
    public static bool TryGetProperty(JsonElement scope, string name, out JsonElement value)
    {
        value = default;
        if (scope.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        if (!scope.TryGetProperty(name, out value))
        {
            var found = false;
            foreach (var property in scope.EnumerateObject())
            {
                if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }

    private static bool TryGet(JsonElement scope, string path, out JsonElement value)
    {
        value = scope;
        foreach (var name in path.Split('.'))
        {
            if (!TryGetProperty(value, name, out value))
            {
                return false;
            }
        }
        return true;
    }

    private T? WrongType<T>(string path, JsonElement value, string expected)
    {
        diagnostics.Add(new Diagnostic(
            DiagnosticCodes.WrongFieldType,
            DiagnosticSeverity.Warning,
            $"{resourceId}: field '{path}' is {Describe(value.ValueKind)}, expected {expected}; it is treated as absent.",
            file,
            ResourceId: resourceId));
        return default;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
