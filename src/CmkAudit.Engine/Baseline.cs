using System.Text.Json;

namespace CmkAudit.Engine;

/// <summary>How a result compares with the same rule and resource in the baseline scan.</summary>
public enum BaselineState
{
    /// <summary>A problem now that was not one before.</summary>
    New,

    /// <summary>A problem then and now.</summary>
    Unchanged,

    /// <summary>A problem then that passes (or no longer applies) now.</summary>
    Fixed,
}

/// <summary>A result of the baseline scan, as its findings.json recorded it.</summary>
public sealed record BaselineEntry(string RuleId, string RuleName, string ResourceId, string Outcome)
{
    /// <summary>fail, error and suppressed are all problems someone still owns.</summary>
    public bool WasProblem => Outcome is "fail" or "error" or "suppressed";
}

public static class Baseline
{
    /// <summary>Reads the results of an earlier findings.json; a file that is not one is an error naming the file.</summary>
    public static IReadOnlyList<BaselineEntry> Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new ConfigurationException($"{path}: not a CmkAudit findings.json (no results array).");
            }
            return [.. results.EnumerateArray().Select(r => new BaselineEntry(
                Text(r, "ruleId", path), Text(r, "ruleName", path), Text(r, "resourceId", path), Text(r, "outcome", path)))];
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{path}({(e.LineNumber ?? 0) + 1},{(e.BytePositionInLine ?? 0) + 1}): the baseline is not valid JSON.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot be read: {e.Message}");
        }
    }

    /// <summary>Marks each result new, unchanged or fixed, and lists baseline problems whose resource is gone.</summary>
    public static (IReadOnlyList<RuleResult> Results, IReadOnlyList<BaselineEntry> Gone) Compare(IReadOnlyList<RuleResult> results, IReadOnlyList<BaselineEntry> baseline)
    {
        static string Key(string ruleId, string resourceId) => $"{ruleId}|{resourceId.Trim().TrimEnd('/').ToLowerInvariant()}";
        var before = baseline.GroupBy(b => Key(b.RuleId, b.ResourceId)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = results.Select(r => Key(r.RuleId, r.ResourceId)).ToHashSet(StringComparer.Ordinal);
        var marked = results.Select(result =>
        {
            var wasProblem = before.TryGetValue(Key(result.RuleId, result.ResourceId), out var entry) && entry.WasProblem;
            var isProblem = result.IsProblem || result.Outcome == Outcome.Suppressed;
            BaselineState? state = (isProblem, wasProblem, result.Outcome) switch
            {
                (true, true, _) => BaselineState.Unchanged,
                (true, false, _) => BaselineState.New,
                (false, true, Outcome.Pass or Outcome.NotApplicable) => BaselineState.Fixed,
                _ => null,
            };
            return result with { Baseline = state };
        }).ToList();
        var gone = before.Where(b => b.Value.WasProblem && !now.Contains(b.Key)).Select(b => b.Value)
            .OrderBy(b => b.RuleId, StringComparer.Ordinal).ThenBy(b => b.ResourceId, StringComparer.OrdinalIgnoreCase).ToList();
        return (marked, gone);
    }

    private static string Text(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ConfigurationException($"{path}: a result has no '{name}'; is this a CmkAudit findings.json?");
}
