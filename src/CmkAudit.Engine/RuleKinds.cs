using CmkAudit.Model;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;
using CmkAudit.Model.Resources;

namespace CmkAudit.Engine;

/// <summary>A rule about each registry; the subject's target is the registry's <see cref="CmkChain"/>.</summary>
public abstract class RegistryRule : Rule
{
    public sealed override IEnumerable<Subject> SubjectsOf(RuleContext context) =>
        context.Graph.Chains.Select(c => new Subject(c.Registry.Id, ResourceTypes.Registry, c));

    public sealed override Verdict Evaluate(Subject subject, RuleContext context)
    {
        var chain = (CmkChain)subject.Target;
        if (!chain.Registry.IsProvisioned)
        {
            return Verdict.NotApplicable($"The registry's provisioningState is {chain.Registry.ProvisioningState}; only Succeeded registries are audited.");
        }
        return Evaluate(chain, context);
    }

    protected abstract Verdict Evaluate(CmkChain chain, RuleContext context);

    /// <summary>The verdict for registries that do not use a customer-managed key, or null when this one does.</summary>
    protected static Verdict? RequireCmk(CmkChain chain)
    {
        var encryption = chain.Registry.Encryption;
        if (encryption is null)
        {
            return chain.Registry.HasProperties
                ? Verdict.Unknown("The registry document has no properties.encryption, so whether it uses a customer-managed key is not known.")
                : Verdict.Unknown("The registry document has no properties (a Resource Graph export must project 'properties').");
        }
        return encryption.IsEnabled
            ? null
            : Verdict.NotApplicable("The registry does not use a customer-managed key.", Of(chain, "properties.encryption.status", encryption.Status));
    }

    protected static Evidence Of(CmkChain chain, string path, object? value) => new(chain.Registry.Id, path, Evidence.Format(value));
}

/// <summary>A vault or managed HSM that at least one CMK registry uses, with those registries.</summary>
public sealed record VaultUse(string SubjectId, Vault? Vault, IReadOnlyList<CmkChain> Chains);

/// <summary>A rule about each vault used for CMK; vaults no registry uses are not reported.</summary>
public abstract class VaultRule : Rule
{
    public sealed override IEnumerable<Subject> SubjectsOf(RuleContext context) =>
        context.Graph.CmkChains
            .Where(c => c.VaultSubjectId is not null)
            .GroupBy(c => ArmId.Normalize(c.VaultSubjectId!))
            .Select(g => new VaultUse(g.First().VaultSubjectId!, g.First().Vault, g.ToList()))
            .Select(u => new Subject(u.SubjectId, u.Vault?.Header.Type ?? ResourceTypes.Vault, u));

    public sealed override Verdict Evaluate(Subject subject, RuleContext context)
    {
        var use = (VaultUse)subject.Target;
        return use.Vault is null
            ? Verdict.Unknown($"No vault document in the input has the host of this key URI; used by {Registries(use.Chains)}.")
            : Evaluate(use.Vault, use.Chains, context);
    }

    protected abstract Verdict Evaluate(Vault vault, IReadOnlyList<CmkChain> chains, RuleContext context);

    protected static Evidence Of(Vault vault, string path, object? value) => new(vault.Id, path, Evidence.Format(value));

    protected static string Registries(IEnumerable<CmkChain> chains) =>
        string.Join(", ", chains.Select(c => c.Registry.Header.Name).Order(StringComparer.OrdinalIgnoreCase));
}

/// <summary>A key that at least one CMK registry uses, with its vault, versions and those registries.</summary>
public sealed record KeyUse(string SubjectId, KeyUri KeyUri, Vault? Vault, VaultKey? Key, IReadOnlyList<KeyVersion> Versions, IReadOnlyList<CmkChain> Chains)
{
    /// <summary>ARM answered 404 for this key during collection: it does not exist.</summary>
    public bool KnownAbsent { get; init; }

    /// <summary>Every registry using this key follows new versions automatically (versionless key identifier).</summary>
    public bool AllRegistriesAutoRotate => Chains.All(c => c.KeyUri is { IsVersioned: false });
}

/// <summary>A rule about each key used for CMK; keys no registry uses are not reported.</summary>
public abstract class KeyRule : Rule
{
    public sealed override IEnumerable<Subject> SubjectsOf(RuleContext context) =>
        context.Graph.CmkChains
            .Where(c => c.KeySubjectId is not null)
            .GroupBy(c => ArmId.Normalize(c.KeySubjectId!))
            .Select(g =>
            {
                var first = g.First();
                return new KeyUse(first.KeySubjectId!, first.KeyUri!, first.Vault, first.Key, first.KeyVersions, g.ToList())
                {
                    KnownAbsent = context.Graph.Estate.AbsentKeys.Contains(g.Key),
                };
            })
            .Select(u => new Subject(u.SubjectId, u.Vault?.IsManagedHsm == true ? ResourceTypes.HsmKey : ResourceTypes.VaultKey, u));

    public sealed override Verdict Evaluate(Subject subject, RuleContext context)
    {
        var use = (KeyUse)subject.Target;
        if (use.Key is null && use.KnownAbsent)
        {
            return EvaluateAbsent(use);
        }
        if (use.Key is null)
        {
            var why = use.Vault is null
                ? $"neither the vault with host {use.KeyUri.Host} nor the key is in the input"
                : "the key document (Microsoft.KeyVault/vaults/keys) is not in the input; keys are not in Resource Graph and must be read through ARM";
            return Verdict.Unknown($"Cannot check the key: {why}.");
        }
        return Evaluate(use, use.Key, context);
    }

    protected abstract Verdict Evaluate(KeyUse use, VaultKey key, RuleContext context);

    /// <summary>The verdict when collection found that the key does not exist; only existence itself can fail on that.</summary>
    protected virtual Verdict EvaluateAbsent(KeyUse use) =>
        Verdict.Unknown($"ARM answered 404 for {use.SubjectId} during collection: the key does not exist (see CMK3001).");

    protected static Evidence Of(VaultKey key, string path, object? value) => new(key.Id, path, Evidence.Format(value));

    protected static DateTimeOffset? Time(long? unixSeconds) =>
        unixSeconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    protected static string Date(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A rule about each user-assigned identity document in the input.</summary>
public abstract class IdentityRule : Rule
{
    public sealed override IEnumerable<Subject> SubjectsOf(RuleContext context) =>
        context.Graph.Estate.Identities.Select(i => new Subject(i.Id, ResourceTypes.UserAssignedIdentity, i));

    public sealed override Verdict Evaluate(Subject subject, RuleContext context) =>
        Evaluate((UserAssignedIdentity)subject.Target, context);

    protected abstract Verdict Evaluate(UserAssignedIdentity identity, RuleContext context);
}
