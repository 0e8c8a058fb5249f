namespace CmkAudit.Tests;

/// <summary>Finds the repository root (the folder holding CmkAudit.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    public static string Demo => Path.Combine(Root, "samples", "contoso");

    /// <summary>The instant fixtures and the demo's golden outputs are evaluated at.</summary>
    public static readonly DateTimeOffset FixtureNow = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CmkAudit.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("CmkAudit.sln not found above " + AppContext.BaseDirectory);
    }
}
