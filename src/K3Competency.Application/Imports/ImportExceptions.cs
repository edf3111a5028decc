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

/// <summary>Another upload of the same batch is still running and did not finish in time: HTTP 409.</summary>
public sealed class ImportBusyException()
    : ImportException("Unggahan lain untuk angkatan ini sedang diproses. Tunggu sampai selesai, lalu unggah ulang berkas Anda; hasilnya akan dihitung dari data terbaru.");
