using System.Buffers;
using System.Security.Cryptography;

namespace K3Competency.Application.Imports;

/// <summary>
/// Copies the upload to a temporary file while hashing and counting it. The request body cannot be read
/// twice nor synchronously, XLSX needs a seekable stream, and the size limit must bite before any parsing;
/// a file on disk gives all three with constant memory. The file has no name on disk (Windows: deleted when
/// the handle closes), so nothing of the upload is left behind, even by a killed process.
/// </summary>
internal sealed class UploadSpool : IAsyncDisposable, IDisposable
{
    private UploadSpool(FileStream file, string sha256, long length)
    {
        File = file;
        Sha256 = sha256;
        Length = length;
    }

    public FileStream File { get; }
    public string Sha256 { get; }
    public long Length { get; }

    public static async Task<UploadSpool> CopyAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"k3-import-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            // On Unix "delete on close" is done by Dispose, which a killed process never reaches: the upload,
            // NIKs and all, would stay in the temp folder. Unlinked now, it lives exactly as long as the handle.
            System.IO.File.Delete(path);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            int n;
            while ((n = await source.ReadAsync(buffer.AsMemory(), ct)) > 0)
            {
                length += n;
                if (length > maxBytes)
                {
                    throw ImportFileException.TooLarge(maxBytes);
                }
                hash.AppendData(buffer, 0, n);
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            await file.FlushAsync(ct);
            file.Position = 0;
            return new UploadSpool(file, Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();

    public void Dispose() => File.Dispose();
}
