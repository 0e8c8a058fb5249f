using CmkAudit.Engine;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class KeyUsable : KeyRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK3001",
        nameof(KeyUsable),
        "The CMK key exists, is enabled and is within its validity dates",
        SubjectKind.Key,
        Severity.Critical,
        "A disabled, not-yet-valid or expired key cannot unwrap the registry's data encryption key: Microsoft documents that losing access to the key blocks access to all registry data.",
        "Enable the key (or the version in use), or fix its activation and expiry dates through the Key Vault data plane; then confirm the registry can read images again.",
        [Compliance.McsbDp6],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-rotate-revoke-customer-managed-keys"))
    {
        Fix = new(FixPhase.KeySettings),
    };

    protected override Verdict EvaluateAbsent(KeyUse use) =>
        Verdict.Fail($"The key does not exist: ARM answered 404 for {use.SubjectId} during collection. {string.Join(", ", use.Chains.Select(c => c.Registry.Header.Name))} cannot decrypt their data; recover the key if it is soft-deleted.",
            new Evidence(use.SubjectId, "GET", "404")).With(FixFacts.Key(use), ("problems", new List<object> { "absent" }), ("disabled_versions", new List<object>()));

    protected override Verdict Evaluate(KeyUse use, VaultKey key, RuleContext context)
    {
        if (key.Attributes is not { } attributes)
        {
            return Verdict.Unknown("The key document has no properties.attributes.");
        }
        var evidence = new List<Evidence>
        {
            Of(key, "properties.attributes.enabled", attributes.Enabled),
            Of(key, "properties.attributes.nbf", Time(attributes.NotBefore) is { } nbf ? Date(nbf) : null),
            Of(key, "properties.attributes.exp", Time(attributes.Expires) is { } exp ? Date(exp) : null),
        };
        var problems = new List<string>();
        var kinds = new List<object>();
        var disabledVersions = new List<object>();
        if (attributes.Enabled == false)
        {
            problems.Add("the key is disabled");
            kinds.Add("disabled");
        }
        if (Time(attributes.NotBefore) is { } notBefore && notBefore > context.Now)
        {
            problems.Add($"the key is not valid before {Date(notBefore)}");
            kinds.Add("not_yet_valid");
        }
        if (Time(attributes.Expires) is { } expires && expires <= context.Now)
        {
            problems.Add($"the key expired on {Date(expires)}");
            kinds.Add("expired");
        }
        foreach (var chain in use.Chains)
        {
            var version = use.Versions.FirstOrDefault(v => string.Equals(v.Version, chain.VersionInUse, StringComparison.OrdinalIgnoreCase));
            if (version?.Attributes?.Enabled == false)
            {
                problems.Add($"version {version.Version}, used by {chain.Registry.Header.Name}, is disabled");
                disabledVersions.Add(version.Version);
                evidence.Add(new Evidence(version.Header.Id, "properties.attributes.enabled", "false"));
            }
        }
        if (problems.Count > 0)
        {
            return Verdict.Fail($"The key cannot be used: {string.Join("; ", problems.Distinct())}.", [.. evidence])
                .With(FixFacts.Key(use), ("problems", kinds), ("disabled_versions", disabledVersions.Distinct().ToList()));
        }
        return attributes.Enabled == true
            ? Verdict.Pass("The key is enabled and within its validity dates.", [.. evidence])
            : Verdict.Unknown("The key document has no properties.attributes.enabled.", [.. evidence]);
    }
}
