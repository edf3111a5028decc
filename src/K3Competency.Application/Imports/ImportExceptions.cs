namespace K3Competency.Application.Imports;

/// <summary>Base of the import refusals that are not row errors; each maps to one HTTP status.</summary>
public abstract class ImportException(string message) : Exception(message);

/// <summary>The whole file cannot be read (not CSV/XLSX, empty, missing column, zip bomb): HTTP 400.</summary>
public sealed class ImportFileException(string message) : ImportException(message);

/// <summary>The file is over the configured limit, refused before parsing: HTTP 413.</summary>
public sealed class ImportFileTooLargeException(long maxBytes)
    : ImportException($"Berkas terlalu besar; ukuran maksimal {maxBytes / (1024.0 * 1024.0):0.#} MB. Pecah data menjadi beberapa berkas lalu unggah satu per satu.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The actor may not import this kind of file into this batch: HTTP 403.</summary>
public sealed class ImportForbiddenException(string message) : ImportException(message);

/// <summary>No batch with that id: HTTP 404.</summary>
public sealed class ImportBatchNotFoundException(int batchId) : ImportException($"Angkatan {batchId} tidak ditemukan.")
{
    public int BatchId { get; } = batchId;
}

/// <summary>No session with that number in the batch (a meeting report is for one session): HTTP 404.</summary>
public sealed class ImportSessionNotFoundException(int number, IReadOnlyList<int> sessions)
    : ImportException(sessions.Count == 0
        ? $"Sesi {number} tidak ada; angkatan ini belum memiliki sesi."
        : $"Sesi {number} tidak ada di angkatan ini. Sesi yang ada: {string.Join(", ", sessions)}.");
