namespace Madoguchi.Server.Infrastructure;

/// <summary>Operator settings, section "Madoguchi".</summary>
public sealed class MadoguchiOptions
{
    public const string Section = "Madoguchi";

    /// <summary>Where the SQLite file, the file store and other local state live.</summary>
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>Load the demo tenant, admin and sample procedures on first start.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Tenant shown at the portal root.</summary>
    public string DefaultTenant { get; set; } = "demo";

    public int DraftLifetimeDays { get; set; } = 30;

    /// <summary>The address applicants reach the portal at (e.g. https://madoguchi.example.lg.jp), for links in mails;
    /// without it, links use the scheme and host of the request that caused the mail.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>A PKCS#12 file (.pfx) whose key encrypts the Data Protection keys at rest; keep it out of the database backups.</summary>
    public string? DataProtectionCertificate { get; set; }

    public string? DataProtectionCertificatePassword { get; set; }

    /// <summary>Where uploaded files go; defaults to DataDirectory/files.</summary>
    public string? FileStorePath { get; set; }

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));
}

public sealed class DatabaseOptions
{
    /// <summary>"sqlite" (default, embedded) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Empty for SQLite means DataDirectory/madoguchi.db.</summary>
    public string ConnectionString { get; set; } = "";
}
