namespace Madoguchi.Core.Tests.Procedures;

/// <summary>Finds files of the repository from the test output folder, wherever the tests are run from.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Madoguchi.slnx")) || Directory.Exists(Path.Combine(directory.FullName, ".git")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Madoguchi.slnx or .git) was not found above " + AppContext.BaseDirectory);
    }
}
