using CmkAudit.Engine;

namespace CmkAudit.Rules;

/// <summary>The compliance controls the rules cite: MCSB v1, CIS Microsoft Azure Foundations v6.0.0, Azure Policy built-ins.</summary>
internal static class Compliance
{
    public static readonly ComplianceReference McsbDp5 = new("MCSB", "DP-5", "Use customer-managed key option in data at rest encryption when required");
    public static readonly ComplianceReference McsbDp6 = new("MCSB", "DP-6", "Use a secure key management process");
    public static readonly ComplianceReference McsbDp8 = new("MCSB", "DP-8", "Ensure security of key and certificate repository");
    public static readonly ComplianceReference McsbNs2 = new("MCSB", "NS-2", "Secure cloud services with network controls");
    public static readonly ComplianceReference McsbPa7 = new("MCSB", "PA-7", "Follow just enough administration (least privilege) principle");

    public static readonly ComplianceReference Cis831 = new("CIS Azure 6.0.0", "8.3.1", "Ensure that the expiration date is set for all keys in RBAC key vaults");
    public static readonly ComplianceReference Cis832 = new("CIS Azure 6.0.0", "8.3.2", "Ensure that the expiration date is set for all keys in non-RBAC key vaults");
    public static readonly ComplianceReference Cis835 = new("CIS Azure 6.0.0", "8.3.5", "Ensure the key vault is recoverable (purge protection)");
    public static readonly ComplianceReference Cis836 = new("CIS Azure 6.0.0", "8.3.6", "Enable role-based access control for Azure Key Vault");
    public static readonly ComplianceReference Cis839 = new("CIS Azure 6.0.0", "8.3.9", "Ensure automatic key rotation is enabled within Azure Key Vault");

    public static readonly ComplianceReference PolicyAcrCmk = new("Azure Policy", "5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580", "Container registries should be encrypted with a customer-managed key");
    public static readonly ComplianceReference PolicyDeletionProtection = new("Azure Policy", "0b60c0b2-2dc2-4e1c-b5c9-abbed971de53", "Key vaults should have deletion protection enabled");
    public static readonly ComplianceReference PolicySoftDelete = new("Azure Policy", "1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d", "Key vaults should have soft delete enabled");
    public static readonly ComplianceReference PolicyFirewall = new("Azure Policy", "55615ac9-af46-4a59-874e-391cc3dfb490", "Azure Key Vault should have firewall enabled");
    public static readonly ComplianceReference PolicyKeyExpiry = new("Azure Policy", "152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0", "Key Vault keys should have an expiration date");
    public static readonly ComplianceReference PolicyKeyRotation = new("Azure Policy", "d8cf8476-a2ec-4916-896e-992351803c44", "Keys should have a rotation policy ensuring that their rotation is scheduled within the specified number of days after creation");
    public static readonly ComplianceReference PolicyRsaSize = new("Azure Policy", "82067dbb-e53b-4e06-b631-546d197452d9", "Keys using RSA cryptography should have a specified minimum key size");
}
