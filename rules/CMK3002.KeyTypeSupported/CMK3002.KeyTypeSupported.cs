using CmkAudit.Engine;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class KeyTypeSupported : KeyRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK3002",
        nameof(KeyTypeSupported),
        "The CMK key is RSA of at least the minimum size",
        SubjectKind.Key,
        Severity.High,
        "Azure Container Registry supports only RSA or RSA-HSM keys; elliptic-curve keys are not supported. Short RSA keys fall below the organisation's cryptographic baseline (default minimum 2048 bits).",
        "Create an RSA key of the required size (for example `az keyvault key create --kty RSA --size 3072`) and rotate the registry to it with `az acr encryption rotate-key`.",
        [Compliance.McsbDp6, Compliance.PolicyRsaSize],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-customer-managed-keys"))
    {
        Fix = new(FixPhase.KeySettings),
    };

    protected override Verdict Evaluate(KeyUse use, VaultKey key, RuleContext context)
    {
        var minimum = context.Configuration.MinimumRsaKeySize;
        var evidence = new[] { Of(key, "properties.kty", key.Kty), Of(key, "properties.keySize", key.KeySize) };
        if (key.Kty is null)
        {
            return Verdict.Unknown("The key document has no properties.kty (a key list entry, not a key GET).", evidence);
        }
        if (!key.Kty.Equals("RSA", StringComparison.OrdinalIgnoreCase) && !key.Kty.Equals("RSA-HSM", StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.Fail($"The key type is {key.Kty}; Azure Container Registry supports only RSA and RSA-HSM keys.", evidence).With(Facts(use, minimum));
        }
        if (key.KeySize is not { } size)
        {
            return Verdict.Unknown("The key document has no properties.keySize.", evidence);
        }
        return size >= minimum
            ? Verdict.Pass($"The key is {key.Kty} {size} bits (minimum {minimum}).", evidence)
            : Verdict.Fail($"The key is {key.Kty} {size} bits, below the minimum of {minimum}.", evidence).With(Facts(use, minimum));
    }

    /// <summary>The replacement key: RSA, at least 3072 bits, named after the old one.</summary>
    private static Dictionary<string, object> Facts(KeyUse use, int minimum)
    {
        var facts = FixFacts.Key(use);
        facts["new_key_name"] = $"{use.KeyUri.KeyName}-rsa";
        facts["new_key_size"] = Math.Max(minimum, 3072).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return facts;
    }
}
