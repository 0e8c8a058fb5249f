namespace CmkAudit.Engine;

/// <summary>One severity vocabulary for rules, reports, SARIF and exit codes.</summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

public enum Outcome
{
    /// <summary>The resource meets the rule.</summary>
    Pass,

    /// <summary>The resource breaks the rule.</summary>
    Fail,

    /// <summary>The input lacks the data to decide; the message says which. Never counted as a pass.</summary>
    Unknown,

    /// <summary>The rule does not apply to this resource; the message says why.</summary>
    NotApplicable,

    /// <summary>The rule crashed on this resource; the message says why. Counted as a problem.</summary>
    Error,

    /// <summary>A failing result an owner has accepted for a time.</summary>
    Suppressed,
}

public static class OutcomeNames
{
    /// <summary>The camelCase names used in every output format.</summary>
    public static string ToName(this Outcome outcome) => outcome switch
    {
        Outcome.Pass => "pass",
        Outcome.Fail => "fail",
        Outcome.Unknown => "unknown",
        Outcome.NotApplicable => "notApplicable",
        Outcome.Error => "error",
        Outcome.Suppressed => "suppressed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static string ToName(this Severity severity) => severity.ToString().ToLowerInvariant();

    public static string ToName(this BaselineState state) => state.ToString().ToLowerInvariant();

    public static bool TryParseSeverity(string? text, out Severity severity) =>
        Enum.TryParse(text, ignoreCase: true, out severity) && Enum.IsDefined(severity) && !int.TryParse(text, out _);
}
