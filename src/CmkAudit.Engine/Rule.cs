using CmkAudit.Model.Graph;

namespace CmkAudit.Engine;

public enum SubjectKind
{
    Registry,
    Vault,
    Key,
    Identity,
}

/// <summary>A control of a compliance framework that a rule helps meet, e.g. ("MCSB", "DP-5").</summary>
public sealed record ComplianceReference(string Framework, string Control, string Title);

/// <summary>Where a fix runs in a remediation script: prerequisites first, clean-up and rebuilds last.</summary>
public enum FixPhase
{
    VaultSettings = 1,
    KeySettings = 2,
    AssignIdentity = 3,
    GrantAccess = 4,
    Rotate = 5,
    CleanUp = 6,
    Rebuild = 7,
}

/// <summary>How a rule's failures are fixed: its template (next to the rule) runs in this phase of the script.</summary>
public sealed record FixInfo(FixPhase Phase);

/// <summary>Everything a rule declares about itself; ids are forever, names explain themselves.</summary>
public sealed record RuleDescriptor(
    string Id,
    string Name,
    string Title,
    SubjectKind Subject,
    Severity DefaultSeverity,
    string Description,
    string Recommendation,
    IReadOnlyList<ComplianceReference> References,
    Uri HelpUri)
{
    /// <summary>How failures are fixed; null when the rule has no generated fix.</summary>
    public FixInfo? Fix { get; init; }

    /// <summary>Where the rule's doc page lives in the repository, relative to its root.</summary>
    public string DocPath => $"rules/{Id}.{Name}/{Id}.md";
}

/// <summary>What a rule observed that led to its verdict: a field of a resource and its value.</summary>
public sealed record Evidence(string ResourceId, string Path, string? Value)
{
    /// <summary>A field's value as evidence shows it: invariant culture, lower-case booleans, null when absent.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>
/// A rule's answer for one subject. <see cref="Facts"/> are the names and ids a fix needs (vault name, principal id,
/// key URI...), filled by failing verdicts so remediation never guesses what the scan knows.
/// </summary>
public sealed record Verdict(Outcome Outcome, string Message, IReadOnlyList<Evidence> Evidence)
{
    public static readonly IReadOnlyDictionary<string, object> NoFacts = new Dictionary<string, object>();

    public IReadOnlyDictionary<string, object> Facts { get; init; } = NoFacts;

    public static Verdict Pass(string message, params Evidence[] evidence) => new(Outcome.Pass, message, evidence);

    public static Verdict Fail(string message, params Evidence[] evidence) => new(Outcome.Fail, message, evidence);

    public static Verdict Unknown(string message, params Evidence[] evidence) => new(Outcome.Unknown, message, evidence);

    public static Verdict NotApplicable(string message, params Evidence[] evidence) => new(Outcome.NotApplicable, message, evidence);
}

/// <summary>A resource a rule is evaluated against; <see cref="Target"/> is the typed view the rule needs.</summary>
public sealed record Subject(string ResourceId, string ResourceType, object Target);

/// <summary>What a rule may read: the resolved graph, the configuration and the clock. Nothing else.</summary>
public sealed record RuleContext(EstateGraph Graph, ScanConfiguration Configuration, DateTimeOffset Now);

/// <summary>
/// A rule is a pure function of the graph: it lists the subjects it applies to and gives a verdict for each.
/// Rules hold no state; the engine turns any exception into an <see cref="Outcome.Error"/> result.
/// </summary>
public abstract class Rule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract IEnumerable<Subject> SubjectsOf(RuleContext context);

    public abstract Verdict Evaluate(Subject subject, RuleContext context);
}

/// <summary>One result of the scan: a rule's verdict on one resource, with its effective severity.</summary>
public sealed record RuleResult(
    string RuleId,
    string RuleName,
    string ResourceId,
    string ResourceType,
    Outcome Outcome,
    Severity Severity,
    string Message,
    IReadOnlyList<Evidence> Evidence)
{
    public IReadOnlyDictionary<string, object> Facts { get; init; } = Verdict.NoFacts;

    /// <summary>The suppression that accepted this result, when its outcome is <see cref="Outcome.Suppressed"/>.</summary>
    public Suppression? SuppressedBy { get; init; }

    /// <summary>How this result compares with the --baseline scan; null without a baseline.</summary>
    public BaselineState? Baseline { get; init; }

    public bool IsProblem => Outcome is Outcome.Fail or Outcome.Error;
}

/// <summary>A rule pack: its rules, and where each rule's doc page and fix template come from.</summary>
public sealed record RuleCatalog(IReadOnlyList<Rule> Rules, Func<RuleDescriptor, string> DocPage, Func<RuleDescriptor, string?> FixTemplate);
