namespace CmkAudit.Model.Input;

public enum DiagnosticSeverity
{
    /// <summary>Something in the input could not be used; the scan went on without it.</summary>
    Warning,

    /// <summary>The input cannot be trusted as a whole (malformed JSON, conflicting duplicates, nothing to read): exit 2.</summary>
    Error,
}

/// <summary>
/// A problem found while reading the input. <see cref="Code"/> is stable (CMK0xxx) so pipelines can filter on it.
/// </summary>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    string? File = null,
    long? Line = null,
    long? Column = null,
    string? ResourceId = null)
{
    public string Location =>
        File is null ? "" : Line is null ? File : $"{File}({Line},{Column})";

    public override string ToString() =>
        $"{(Location.Length > 0 ? Location + ": " : "")}{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}

/// <summary>The input diagnostic codes. Ids are forever, like rule ids.</summary>
public static class DiagnosticCodes
{
    public const string PathNotFound = "CMK0001";
    public const string MalformedJson = "CMK0002";
    public const string UnrecognisedDocument = "CMK0003";
    public const string MissingField = "CMK0004";
    public const string WrongFieldType = "CMK0005";
    public const string DuplicateConflict = "CMK0006";
    public const string EmptyInput = "CMK0007";
    public const string UnreadableFile = "CMK0008";
    public const string ScopeNotCollected = "CMK0010";
    public const string KeyNotCollected = "CMK0011";
    public const string SuppressionExpired = "CMK0012";
}
