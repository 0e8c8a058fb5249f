using Azure.Core;
using Azure.Identity;

namespace CmkAudit.Collect;

/// <summary>How CmkAudit signs in: the --auth values.</summary>
public enum AuthMode
{
    Default,
    Cli,
    ManagedIdentity,
    WorkloadIdentity,
    Environment,
    Token,
}

/// <summary>Builds the Azure.Identity credential for an --auth mode. Tokens are never logged or written anywhere.</summary>
public static class Credentials
{
    public const string TokenVariable = "AZURE_ACCESS_TOKEN";

    public static TokenCredential Create(AuthMode mode, AzureCloud cloud, Func<string, string?> environment) => mode switch
    {
        AuthMode.Default => new DefaultAzureCredential(new DefaultAzureCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        AuthMode.Cli => new AzureCliCredential(new AzureCliCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        AuthMode.ManagedIdentity => new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
        AuthMode.WorkloadIdentity => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        AuthMode.Environment => new EnvironmentCredential(new EnvironmentCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        AuthMode.Token => new StaticTokenCredential(environment(TokenVariable)
            ?? throw new CollectionException($"--auth token reads a bearer token from {TokenVariable} (`az account get-access-token --query accessToken -o tsv`), and it is not set.")),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>A token a pipeline already holds. Its expiry is unknown, so it is offered for an hour and Azure decides.</summary>
    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        private readonly AccessToken _token = new(token.Trim(), DateTimeOffset.UtcNow.AddHours(1));

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => _token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(_token);
    }
}

/// <summary>Collection cannot go on (sign-in failed, the query was rejected, nothing could be read): exit 3.</summary>
public sealed class CollectionException(string message, Exception? inner = null) : Exception(message, inner);
