using System.Security.Cryptography;

namespace Madoguchi.Server.Infrastructure;

/// <summary>
/// Keeps uploaded files in a local folder (or a shared volume) under generated names. A file is fully written and
/// flushed to disk before its database record is committed, so an acknowledged application never points at nothing.
/// </summary>
public sealed class FileStore
{
    private readonly string _root;

    public FileStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(_root);
    }

    public sealed record Saved(string StorageKey, long Length, string Sha256);

    public async Task<Saved> SaveAsync(Guid tenantId, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = $"{tenantId:N}/{DateTime.UtcNow:yyyyMM}/{Guid.NewGuid():N}";
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        long length = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new FileTooLargeException();
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return new Saved(key, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public Stream OpenRead(string storageKey) =>
        new FileStream(PathFor(storageKey), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    public void Delete(string storageKey) => TryDelete(PathFor(storageKey));

    private string PathFor(string key)
    {
        // Keys are generated here; refuse anything that could walk out of the root all the same.
        if (key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key))
        {
            throw new ArgumentException("Invalid storage key.", nameof(key));
        }

        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class FileTooLargeException : Exception
{
    public FileTooLargeException()
        : base("The file exceeds the allowed size.")
    {
    }

    public FileTooLargeException(string message)
        : base(message)
    {
    }

    public FileTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
