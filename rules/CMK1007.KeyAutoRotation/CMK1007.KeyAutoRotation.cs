using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class KeyAutoRotation : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1007",
        nameof(KeyAutoRotation),
        "The registry follows new key versions automatically",
        SubjectKind.Registry,
        Severity.Low,
        "With a versionless key identifier the registry checks the vault and moves to a new key version within about an hour; with a versioned one it stays on the old version until someone runs rotate-key.",
        "Run `az acr encryption rotate-key --key-encryption-key https://<vault>/keys/<key>` with the versionless key identifier.",
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
        var encryption = chain.Registry.Encryption!;
        var evidence = new[]
        {
            Of(chain, "properties.encryption.keyVaultProperties.keyIdentifier", encryption.KeyIdentifier),
            Of(chain, "properties.encryption.keyVaultProperties.keyRotationEnabled", encryption.KeyRotationEnabled),
        };
        if (chain.KeyUri is not { } keyUri)
        {
            return Verdict.Unknown($"keyVaultProperties.keyIdentifier '{encryption.KeyIdentifier}' is not a Key Vault key URI.", evidence);
        }
        return keyUri.IsVersioned
            ? Verdict.Fail($"The key identifier is pinned to version {keyUri.Version}: new key versions are not picked up until rotate-key is run.", evidence).With(FixFacts.Registry(chain))
            : Verdict.Pass("The key identifier is versionless: the registry picks up new key versions automatically.", evidence);
    }
}
