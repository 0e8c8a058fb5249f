#!/usr/bin/env bash
# CmkAudit 0.1.0 remediation plan for the scan of 2026-12-01T00:00:00Z: 24 fixes for 17 resources.
# Review every block before running it: each names the finding it fixes and the rule behind it. Nothing here ran at scan time.
# Steps that cannot be undone or that remove access ask first; `bash remediate.sh --yes` answers yes to all of them.
# Commands name their subscription, so the signed-in account only needs the rights to make each change.
set -euo pipefail
assume_yes=0
for argument in "$@"; do
  if [[ "$argument" == "--yes" ]]; then assume_yes=1; fi
done
confirm() {
  if [[ "$assume_yes" == 1 ]]; then return 0; fi
  local answer
  read -r -p "$1 [y/N] " answer
  [[ "$answer" == [yY]* ]]
}

# ==============================================================================================================
# Key vault kv-contoso-data (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-data)
# ==============================================================================================================

# CMK4002 GrantInIgnoredPermissionModel (high): CMK identities are granted only in access policies (the vault uses Azure RBAC), which kv-contoso-data ignores: 9bf9ebd7-10e2-4783-a46e-17fba3bf7f3c (used by crcontosodata) through access policy (keys: get, wrapKey, unwrapKey).
# crcontosodata: grant its identity in the model kv-contoso-data uses, then remove the grant the vault ignores.
az role assignment create --role 'Key Vault Crypto Service Encryption User' --assignee-object-id '9bf9ebd7-10e2-4783-a46e-17fba3bf7f3c' --assignee-principal-type ServicePrincipal --scope '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-data/keys/cmk-data'
if confirm 'Remove the ignored grants of 9bf9ebd7-10e2-4783-a46e-17fba3bf7f3c on kv-contoso-data?'; then
az keyvault delete-policy --name 'kv-contoso-data' --resource-group 'rg-keys-prod' --subscription '2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10' --object-id '9bf9ebd7-10e2-4783-a46e-17fba3bf7f3c'
fi

# ==============================================================================================================
# Key vault kv-contoso-legacy (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-legacy)
# ==============================================================================================================

# CMK2002 VaultPurgeProtection (high): Purge protection is not enabled on kv-contoso-legacy, which holds the key of crcontosolegacy.
# Purge protection keeps a deleted key recoverable for the whole retention period. It can never be turned off again.
if confirm 'Enable purge protection on kv-contoso-legacy? This can never be undone.'; then
az keyvault update --name 'kv-contoso-legacy' --resource-group 'rg-keys-prod' --subscription '2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10' --enable-purge-protection true
fi

# CMK2001 VaultSoftDelete (high): Soft delete is disabled on kv-contoso-legacy, which holds the key of crcontosolegacy: a deleted key cannot be recovered.
# Soft delete cannot be turned on for this legacy vault from current tooling. Move the key to a new vault, where soft
# delete is on by default, and rotate each registry to it:
#   az keyvault create --name <new vault> --resource-group rg-keys-prod --subscription 2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10 --enable-purge-protection true --retention-days 90
#   create the key there, grant each registry's identity get/wrapKey/unwrapKey, then for each registry:
#   az acr encryption rotate-key --name crcontosolegacy --resource-group rg-acr-prod --key-encryption-key https://<new vault>.vault.azure.net/keys/<key> --identity a0ecea1f-b244-4721-a19d-c5ee1b5910fc

# ==============================================================================================================
# Key vault kv-contoso-payments (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-payments)
# ==============================================================================================================

# CMK2003 VaultTrustedServicesBypass (high): kv-contoso-payments is behind a firewall without the trusted-services bypass (bypass is 'None'): crcontosopayments cannot reach the key.
# Let trusted Azure services, Container Registry among them, through the vault firewall.
az keyvault update --name 'kv-contoso-payments' --resource-group 'rg-keys-prod' --subscription '2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10' --bypass AzureServices

# ==============================================================================================================
# Key cmk-analytics (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-nonprod/providers/Microsoft.KeyVault/vaults/kv-contoso-analytics/keys/cmk-analytics)
# ==============================================================================================================

# CMK3001 KeyUsable (critical): The key cannot be used: the key expired on 2026-11-15 00:00:00Z.
# Key Vault data-plane calls (az rest) go through the vault firewall: run them from a network the vault admits.
# `az keyvault key` commands are avoided on purpose: some az builds cannot load them.
# The key has expired: create a new version now (its expiry follows the key's rotation policy, see CMK3003).
az rest --method post --resource 'https://vault.azure.net' --url 'https://kv-contoso-analytics.vault.azure.net/keys/cmk-analytics/rotate?api-version=7.4'

# CMK3002 KeyTypeSupported (high): The key type is EC; Azure Container Registry supports only RSA and RSA-HSM keys.
# Create an RSA key in the same vault, then move every registry that uses the old key to it (grant first if the
# identity's access is scoped to the old key). az rest reaches the data plane through the vault firewall.
az rest --method post --resource 'https://vault.azure.net' --url 'https://kv-contoso-analytics.vault.azure.net/keys/cmk-analytics-rsa/create?api-version=7.4' --body '{"kty":"RSA","key_size":3072,"key_ops":["wrapKey","unwrapKey"]}'
az acr encryption rotate-key --name 'crcontosoanalytics' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --key-encryption-key 'https://kv-contoso-analytics.vault.azure.net/keys/cmk-analytics-rsa' --identity '9fa83512-babb-49bf-ad27-7a19ec70ed48'

# CMK3003 KeyExpiry (high): The key expired on 2026-11-15 00:00:00Z.
# Give the key the same rotation policy as CMK3004 (a new version every 90 days, each valid for a year), so a new
# version always exists long before the current one expires.
az rest --method put --resource 'https://vault.azure.net' --url 'https://kv-contoso-analytics.vault.azure.net/keys/cmk-analytics/rotationpolicy?api-version=7.4' --body '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Notify"}}],"attributes":{"expiryTime":"P1Y"}}'
az rest --method post --resource 'https://vault.azure.net' --url 'https://kv-contoso-analytics.vault.azure.net/keys/cmk-analytics/rotate?api-version=7.4'
# crcontosoanalytics: follow new versions automatically (versionless key).
az acr encryption rotate-key --name 'crcontosoanalytics' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --key-encryption-key 'https://kv-contoso-analytics.vault.azure.net/keys/cmk-analytics' --identity '9fa83512-babb-49bf-ad27-7a19ec70ed48'

# CMK3004 KeyRotationPolicy (medium): The key has no rotation policy.
# Rotate the key automatically every 90 days; each version stays valid for a year.
az rest --method put --resource 'https://vault.azure.net' --url 'https://kv-contoso-analytics.vault.azure.net/keys/cmk-analytics/rotationpolicy?api-version=7.4' --body '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Notify"}}],"attributes":{"expiryTime":"P1Y"}}'

# ==============================================================================================================
# Key cmk-reports (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-nonprod/providers/Microsoft.KeyVault/vaults/kv-contoso-reports/keys/cmk-reports)
# ==============================================================================================================

# CMK3003 KeyExpiry (high): The key expires on 2026-12-20 00:00:00Z, in 19 days (warning window 30 days), and no automatic rotation renews it first for every registry using it.
# Give the key the same rotation policy as CMK3004 (a new version every 90 days, each valid for a year), so a new
# version always exists long before the current one expires.
az rest --method put --resource 'https://vault.azure.net' --url 'https://kv-contoso-reports.vault.azure.net/keys/cmk-reports/rotationpolicy?api-version=7.4' --body '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Notify"}}],"attributes":{"expiryTime":"P1Y"}}'
az rest --method post --resource 'https://vault.azure.net' --url 'https://kv-contoso-reports.vault.azure.net/keys/cmk-reports/rotate?api-version=7.4'
# crcontosoreports: follow new versions automatically (versionless key).
az acr encryption rotate-key --name 'crcontosoreports' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --key-encryption-key 'https://kv-contoso-reports.vault.azure.net/keys/cmk-reports' --identity '0b6ca9d9-de3a-485d-a911-358a9a8b246e'

# CMK3004 KeyRotationPolicy (medium): The key's rotation policy has no rotate action; it only notifies.
# Rotate the key automatically every 90 days; each version stays valid for a year.
az rest --method put --resource 'https://vault.azure.net' --url 'https://kv-contoso-reports.vault.azure.net/keys/cmk-reports/rotationpolicy?api-version=7.4' --body '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Notify"}}],"attributes":{"expiryTime":"P1Y"}}'

# ==============================================================================================================
# Key cmk-legacy (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-legacy/keys/cmk-legacy)
# ==============================================================================================================

# CMK3004 KeyRotationPolicy (medium): The key's rotation policy has no rotate action; it only notifies.
# Rotate the key automatically every 90 days; each version stays valid for a year.
az rest --method put --resource 'https://vault.azure.net' --url 'https://kv-contoso-legacy.vault.azure.net/keys/cmk-legacy/rotationpolicy?api-version=7.4' --body '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Notify"}}],"attributes":{"expiryTime":"P1Y"}}'

# ==============================================================================================================
# Registry crcontosodata (/subscriptions/4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30/resourceGroups/rg-acr-prod/providers/Microsoft.ContainerRegistry/registries/crcontosodata)
# ==============================================================================================================

# CMK4001 EncryptionIdentityKeyAccess (critical): Identity 9bf9ebd7-10e2-4783-a46e-17fba3bf7f3c lacks get, wrapKey, unwrapKey on the key under Azure RBAC, the vault's permission model. It holds grants in the model the vault ignores (access policy (keys: get, wrapKey, unwrapKey)).
# The vault uses Azure RBAC: grant the documented role on the key itself.
az role assignment create --role 'Key Vault Crypto Service Encryption User' --assignee-object-id '9bf9ebd7-10e2-4783-a46e-17fba3bf7f3c' --assignee-principal-type ServicePrincipal --scope '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-data/keys/cmk-data'

# ==============================================================================================================
# Registry crcontosolegacy (/subscriptions/4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30/resourceGroups/rg-acr-prod/providers/Microsoft.ContainerRegistry/registries/crcontosolegacy)
# ==============================================================================================================

# CMK1007 KeyAutoRotation (low): The key identifier is pinned to version 51934724127bafbca48031fc9216a07b: new key versions are not picked up until rotate-key is run.
# Point the registry at the versionless key so it follows new key versions within an hour.
az acr encryption rotate-key --name 'crcontosolegacy' --resource-group 'rg-acr-prod' --subscription '4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30' --key-encryption-key 'https://kv-contoso-legacy.vault.azure.net/keys/cmk-legacy' --identity 'a0ecea1f-b244-4721-a19d-c5ee1b5910fc'

# CMK1008 KeyVersionCurrent (medium): The registry encrypts with version 51934724127bafbca48031fc9216a07b, but the key's current version is 7075a0f6c4e3f91d9f90af52ccb99651: the key identifier is pinned to a version, so rotate-key must be run.
# Move the registry to the key's current version; the versionless identifier keeps it current from now on.
az acr encryption rotate-key --name 'crcontosolegacy' --resource-group 'rg-acr-prod' --subscription '4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30' --key-encryption-key 'https://kv-contoso-legacy.vault.azure.net/keys/cmk-legacy' --identity 'a0ecea1f-b244-4721-a19d-c5ee1b5910fc'

# ==============================================================================================================
# Registry crcontosoml (/subscriptions/4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30/resourceGroups/rg-acr-prod/providers/Microsoft.ContainerRegistry/registries/crcontosoml)
# ==============================================================================================================

# CMK1003 EncryptionIdentityAssigned (critical): The encryption identity is not assigned: client id 864d9704-ed14-408d-a522-c92f0da94c2f is the user-assigned identity /subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-ml, which is not assigned to the registry.
# Re-assign the user-assigned identity the registry encrypts with.
az acr identity assign --name 'crcontosoml' --resource-group 'rg-acr-prod' --subscription '4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30' --identities '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-ml'

# ==============================================================================================================
# Registry crcontosoprodneu (/subscriptions/4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30/resourceGroups/rg-acr-prod/providers/Microsoft.ContainerRegistry/registries/crcontosoprodneu)
# ==============================================================================================================

# CMK4003 EncryptionIdentityLeastPrivilege (low): Identity 6a413962-dfe7-4e8f-a22f-abdde1312852 holds more than get/wrapKey/unwrapKey on kv-contoso-acr-fw: role 'Contoso Key Wrapper' at scope /subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-acr-fw/keys/cmk-acr-fw adds dataAction:Microsoft.KeyVault/vaults/keys/*/action.
# Narrow the identity to get, wrapKey and unwrapKey. The narrow grant comes first, so the registry never loses its key.
az role assignment create --role 'Key Vault Crypto Service Encryption User' --assignee-object-id '6a413962-dfe7-4e8f-a22f-abdde1312852' --assignee-principal-type ServicePrincipal --scope '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-acr-fw/keys/cmk-acr-fw'
if confirm 'Delete the broad role assignment /subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-acr-fw/keys/cmk-acr-fw/providers/Microsoft.Authorization/roleAssignments/1e587b3d-244d-4d46-a159-c5cd412f4dfe? It may serve other purposes of this identity.'; then
az role assignment delete --ids '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-prod/providers/Microsoft.KeyVault/vaults/kv-contoso-acr-fw/keys/cmk-acr-fw/providers/Microsoft.Authorization/roleAssignments/1e587b3d-244d-4d46-a159-c5cd412f4dfe'
fi

# ==============================================================================================================
# Registry crcontosoweb (/subscriptions/4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30/resourceGroups/rg-acr-prod/providers/Microsoft.ContainerRegistry/registries/crcontosoweb)
# ==============================================================================================================

# CMK4003 EncryptionIdentityLeastPrivilege (low): Identity e6bf4e1d-7607-4dc1-afa3-c52b0a0a3a3d holds more than get/wrapKey/unwrapKey on kv-contoso-acr-prod: access policy (keys: all) adds keys:all, other:get, other:list.
# Narrow the identity to get, wrapKey and unwrapKey. The narrow grant comes first, so the registry never loses its key.
az keyvault set-policy --name 'kv-contoso-acr-prod' --resource-group 'rg-keys-prod' --subscription '2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10' --object-id 'e6bf4e1d-7607-4dc1-afa3-c52b0a0a3a3d' --key-permissions get unwrapKey wrapKey
# Secret, certificate and storage permissions of this entry are kept by set-policy; remove them in the portal
# (Access policies > e6bf4e1d-7607-4dc1-afa3-c52b0a0a3a3d), as deleting the entry would cut the registry off until it is re-created.

# ==============================================================================================================
# Registry crcontosopayments (/subscriptions/4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30/resourceGroups/rg-payments(eu).prod/providers/Microsoft.ContainerRegistry/registries/crcontosopayments)
# ==============================================================================================================

# CMK1004 FirewalledVaultUsesSystemIdentity (medium): The key vault kv-contoso-payments is behind a firewall, but the registry encrypts with the user-assigned identity /subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourcegroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-payments; only the system-assigned identity can bypass the firewall as a trusted service.
# Behind a vault firewall, only the registry's system-assigned identity passes as a trusted service.
# Order matters: assign the system identity, grant it the key, then move encryption to it.
az acr identity assign --name 'crcontosopayments' --resource-group 'rg-payments(eu).prod' --subscription '4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30' --identities '[system]'
principal_id=$(az acr identity show --name 'crcontosopayments' --resource-group 'rg-payments(eu).prod' --subscription '4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30' --query principalId --output tsv)
az keyvault set-policy --name 'kv-contoso-payments' --resource-group 'rg-keys-prod' --subscription '2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10' --object-id "$principal_id" --key-permissions get unwrapKey wrapKey
az acr encryption rotate-key --name 'crcontosopayments' --resource-group 'rg-payments(eu).prod' --subscription '4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30' --key-encryption-key 'https://kv-contoso-payments.vault.azure.net/keys/cmk-payments' --identity '[system]'

# ==============================================================================================================
# Registry crcontosodev (/subscriptions/9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60/resourceGroups/rg-acr-dev/providers/Microsoft.ContainerRegistry/registries/crcontosodev)
# ==============================================================================================================

# CMK1001 RegistryCustomerManagedKey (high): The registry is in CMK scope (all registries) but encrypted with a Microsoft-managed key (encryption.status is 'disabled').
# A customer-managed key can only be set when a registry is created, and never removed: this plan builds a new
# Premium registry with CMK, copies every repository into it, and leaves the old one for you to retire.
# Choose the vault and key the new registry will use (the scan does not know them), then review every command.
vault_name='<vault for the CMK key>'
vault_rg='<resource group of that vault>'
key_name='<key name>'
if [[ "$vault_name" == '<'* || "$vault_rg" == '<'* || "$key_name" == '<'* ]]; then
  echo 'Skipping the migration of crcontosodev: set vault_name, vault_rg and key_name in its block first.' >&2
elif confirm 'Create the CMK registry crcontosodevcmk and copy every image of crcontosodev into it?'; then
az identity create --name 'id-crcontosodevcmk' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60'
principal_id=$(az identity show --name 'id-crcontosodevcmk' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --query principalId --output tsv)
identity_id=$(az identity show --name 'id-crcontosodevcmk' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --query id --output tsv)
vault_host=$(az keyvault show --name "$vault_name" --resource-group "$vault_rg" --query properties.vaultUri --output tsv)
az keyvault set-policy --name "$vault_name" --resource-group "$vault_rg" --object-id "$principal_id" --key-permissions get unwrapKey wrapKey
az acr create --name 'crcontosodevcmk' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --sku Premium --identity "$identity_id" --key-encryption-key "${vault_host%/}/keys/$key_name"
for repository in $(az acr repository list --name 'crcontosodev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --output tsv); do
  for tag in $(az acr repository show-tags --name 'crcontosodev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --repository "$repository" --output tsv); do
    az acr import --name 'crcontosodevcmk' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --source "$repository:$tag" --registry '/subscriptions/9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60/resourceGroups/rg-acr-dev/providers/Microsoft.ContainerRegistry/registries/crcontosodev' --force
  done
done
fi
# Then point clients at crcontosodevcmk.azurecr.io and retire crcontosodev.

# CMK1002 RegistryPremiumSku (medium): The registry is on the Standard SKU; customer-managed keys need Premium.
# Customer-managed keys need Premium. This changes the registry's SKU (and its price); CMK itself still needs a new registry (CMK1001).
az acr update --name 'crcontosodev' --resource-group 'rg-acr-dev' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --sku Premium

# ==============================================================================================================
# Registry crcontosoreports (/subscriptions/9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60/resourceGroups/rg-acr-dev/providers/Microsoft.ContainerRegistry/registries/crcontosoreports)
# ==============================================================================================================

# CMK4003 EncryptionIdentityLeastPrivilege (low): Identity d91e8ebe-a202-4b6e-ab83-40adff7a7b52 holds more than get/wrapKey/unwrapKey on kv-contoso-reports: role 'Key Vault Crypto Officer' at scope /providers/Microsoft.Management/managementGroups/mg-contoso-platform adds dataAction:Microsoft.KeyVault/vaults/keyrotationpolicies/*, dataAction:Microsoft.KeyVault/vaults/keys/*.
# Narrow the identity to get, wrapKey and unwrapKey. The narrow grant comes first, so the registry never loses its key.
az role assignment create --role 'Key Vault Crypto Service Encryption User' --assignee-object-id 'd91e8ebe-a202-4b6e-ab83-40adff7a7b52' --assignee-principal-type ServicePrincipal --scope '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-keys-nonprod/providers/Microsoft.KeyVault/vaults/kv-contoso-reports/keys/cmk-reports'
if confirm 'Delete the broad role assignment /providers/Microsoft.Management/managementGroups/mg-contoso-platform/providers/Microsoft.Authorization/roleAssignments/8b008165-52d2-4175-a86a-3aa24ed4e820? It may serve other purposes of this identity.'; then
az role assignment delete --ids '/providers/Microsoft.Management/managementGroups/mg-contoso-platform/providers/Microsoft.Authorization/roleAssignments/8b008165-52d2-4175-a86a-3aa24ed4e820'
fi

# ==============================================================================================================
# Registry crcontososandbox (/subscriptions/9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60/resourceGroups/rg-sandbox/providers/Microsoft.ContainerRegistry/registries/crcontososandbox)
# ==============================================================================================================

# CMK1001 RegistryCustomerManagedKey (high): The registry is in CMK scope (all registries) but encrypted with a Microsoft-managed key (encryption.status is 'disabled').
# A customer-managed key can only be set when a registry is created, and never removed: this plan builds a new
# Premium registry with CMK, copies every repository into it, and leaves the old one for you to retire.
# Choose the vault and key the new registry will use (the scan does not know them), then review every command.
vault_name='<vault for the CMK key>'
vault_rg='<resource group of that vault>'
key_name='<key name>'
if [[ "$vault_name" == '<'* || "$vault_rg" == '<'* || "$key_name" == '<'* ]]; then
  echo 'Skipping the migration of crcontososandbox: set vault_name, vault_rg and key_name in its block first.' >&2
elif confirm 'Create the CMK registry crcontososandboxcmk and copy every image of crcontososandbox into it?'; then
az identity create --name 'id-crcontososandboxcmk' --resource-group 'rg-sandbox' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60'
principal_id=$(az identity show --name 'id-crcontososandboxcmk' --resource-group 'rg-sandbox' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --query principalId --output tsv)
identity_id=$(az identity show --name 'id-crcontososandboxcmk' --resource-group 'rg-sandbox' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --query id --output tsv)
vault_host=$(az keyvault show --name "$vault_name" --resource-group "$vault_rg" --query properties.vaultUri --output tsv)
az keyvault set-policy --name "$vault_name" --resource-group "$vault_rg" --object-id "$principal_id" --key-permissions get unwrapKey wrapKey
az acr create --name 'crcontososandboxcmk' --resource-group 'rg-sandbox' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --sku Premium --identity "$identity_id" --key-encryption-key "${vault_host%/}/keys/$key_name"
for repository in $(az acr repository list --name 'crcontososandbox' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --output tsv); do
  for tag in $(az acr repository show-tags --name 'crcontososandbox' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --repository "$repository" --output tsv); do
    az acr import --name 'crcontososandboxcmk' --subscription '9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60' --source "$repository:$tag" --registry '/subscriptions/9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60/resourceGroups/rg-sandbox/providers/Microsoft.ContainerRegistry/registries/crcontososandbox' --force
  done
done
fi
# Then point clients at crcontososandboxcmk.azurecr.io and retire crcontososandbox.

# ==============================================================================================================
# Identity id-acr-ml (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-ml)
# ==============================================================================================================

# CMK4004 OrphanedIdentityWithKeyAccess (medium): The identity holds key permissions on kv-contoso-acr-prod but no resource in the input has it assigned.
# id-acr-ml is attached to no resource in the scanned input but can still use CMK keys. Check that
# nothing outside the scan uses it, then remove its key access and the identity.
if confirm 'Remove every key grant of id-acr-ml and delete the identity?'; then
az keyvault delete-policy --name 'kv-contoso-acr-prod' --resource-group 'rg-keys-prod' --subscription '2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10' --object-id 'e0e4a6cd-a3c0-462b-abe7-66a8c570d752'
az identity delete --ids '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-ml'
fi

# ==============================================================================================================
# Identity id-acr-retired (/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-retired)
# ==============================================================================================================

# CMK4004 OrphanedIdentityWithKeyAccess (medium): The identity holds key permissions on kv-contoso-acr-prod but no resource in the input has it assigned.
# id-acr-retired is attached to no resource in the scanned input but can still use CMK keys. Check that
# nothing outside the scan uses it, then remove its key access and the identity.
if confirm 'Remove every key grant of id-acr-retired and delete the identity?'; then
az keyvault delete-policy --name 'kv-contoso-acr-prod' --resource-group 'rg-keys-prod' --subscription '2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10' --object-id '5d2194d2-4c94-4195-abea-89963f8574c3'
az identity delete --ids '/subscriptions/2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-retired'
fi
