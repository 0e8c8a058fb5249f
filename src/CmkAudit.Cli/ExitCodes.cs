namespace CmkAudit.Cli;

/// <summary>The documented exit codes (README, "Exit codes"). They never change meaning with a flag.</summary>
public static class ExitCodes
{
    /// <summary>No fail or error result at or above --fail-on.</summary>
    public const int Success = 0;

    /// <summary>At least one fail or error result at or above --fail-on.</summary>
    public const int Findings = 1;

    /// <summary>The command line, the configuration or the input is wrong.</summary>
    public const int UsageOrInputError = 2;

    /// <summary>Collection or an unexpected runtime failure (including writing the reports).</summary>
    public const int RuntimeFailure = 3;
}
