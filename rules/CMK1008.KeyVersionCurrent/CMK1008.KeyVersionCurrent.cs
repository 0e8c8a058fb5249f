using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class KeyVersionCurrent : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1008",
        nameof(KeyVersionCurrent),
        "The registry encrypts with the key's current version",
        SubjectKind.Registry,
        Severity.Medium,
        "versionedKeyIdentifier is the key version the registry actually uses. When it is older than the key's current version, a rotation has not reached the registry: expected with a pinned version until rotate-key is run, and a sign of broken vault access with a versionless one.",
        "Run `az acr encryption rotate-key` with the versionless key identifier; if the registry already uses one, check the vault firewall and the identity's key permissions.",
        [Compliance.McsbDp6, Compliance.Cis839],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-rotate-revoke-customer-managed-keys"))
    {
        Fix = new(FixPhase.Rotate),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        if (RequireCmk(chain) is { } notCmk)
        {
            return notCmk;
        }
        var inUse = chain.VersionInUse;
        var evidence = new List<Evidence> { Of(chain, "properties.encryption.keyVaultProperties.versionedKeyIdentifier", chain.Registry.Encryption!.VersionedKeyIdentifier) };
        if (inUse is null)
        {
            return Verdict.Unknown("The registry document has no versionedKeyIdentifier, so the key version in use is not known.", [.. evidence]);
        }
        if (chain.Key is null)
        {
            return Verdict.Unknown("The key document is not in the input, so the key's current version is not known.", [.. evidence]);
        }
        var current = chain.Key.CurrentVersion
            ?? chain.KeyVersions
                .Where(v => v.Attributes?.Enabled != false)
                .OrderByDescending(v => v.Attributes?.Created ?? long.MinValue)
                .FirstOrDefault()?.Version;
        evidence.Add(new Evidence(chain.Key.Id, "properties.keyUriWithVersion", chain.Key.KeyUriWithVersion));
        if (current is null)
        {
            return Verdict.Unknown("Neither the key's keyUriWithVersion nor its versions are in the input, so its current version is not known.", [.. evidence]);
        }
        if (string.Equals(current, inUse, StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.Pass($"The registry encrypts with the key's current version {current}.", [.. evidence]);
        }
        var why = chain.KeyUri is { IsVersioned: true }
            ? "the key identifier is pinned to a version, so rotate-key must be run"
            : "the key identifier is versionless, so the registry should have moved within an hour: check that it can still reach the vault";
        return Verdict.Fail($"The registry encrypts with version {inUse}, but the key's current version is {current}: {why}.", [.. evidence]).With(FixFacts.Registry(chain));
    }
}
