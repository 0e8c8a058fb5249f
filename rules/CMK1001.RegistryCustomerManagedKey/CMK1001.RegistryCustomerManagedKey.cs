using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class RegistryCustomerManagedKey : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1001",
        nameof(RegistryCustomerManagedKey),
        "Registry is encrypted with a customer-managed key",
        SubjectKind.Registry,
        Severity.High,
        "A registry in CMK scope must have encryption.status enabled, so its content is encrypted with a key the organisation controls.",
        "Customer-managed keys can only be set when a registry is created: create a new Premium registry with --identity and --key-encryption-key, import the images, then move clients.",
        [Compliance.McsbDp5, Compliance.PolicyAcrCmk],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-customer-managed-keys"))
    {
        Fix = new(FixPhase.Rebuild),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        var scope = context.Configuration.CmkScope;
        if (!scope.Includes(chain.Registry))
        {
            return Verdict.NotApplicable($"The registry is outside the CMK scope ({scope}).");
        }
        if (RequireCmk(chain) is { Outcome: Outcome.Unknown } unknown)
        {
            return unknown;
        }
        var encryption = chain.Registry.Encryption!;
        var evidence = Of(chain, "properties.encryption.status", encryption.Status);
        return encryption.IsEnabled
            ? Verdict.Pass($"The registry is encrypted with the customer-managed key {encryption.KeyIdentifier}.", evidence, Of(chain, "properties.encryption.keyVaultProperties.keyIdentifier", encryption.KeyIdentifier))
            : Verdict.Fail($"The registry is in CMK scope ({scope}) but encrypted with a Microsoft-managed key (encryption.status is '{encryption.Status ?? "absent"}').", evidence)
                .With(FixFacts.Registry(chain), ("new_registry_name", NewRegistryName(chain.Registry.Header.Name)), ("repositories", new List<object>()));
    }

    /// <summary>A name for the replacement registry: alphanumeric, at most 50 characters, ending in "cmk".</summary>
    private static string NewRegistryName(string name)
    {
        var stem = new string(name.Where(char.IsAsciiLetterOrDigit).ToArray());
        return (stem.Length > 47 ? stem[..47] : stem) + "cmk";
    }
}
