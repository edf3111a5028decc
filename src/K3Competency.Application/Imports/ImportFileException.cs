using K3Competency.Domain;

namespace K3Competency.Application.Imports;

/// <summary>
/// The file as a whole cannot be taken (unreadable, or over the size limit), found deep inside the streaming
/// readers where a result cannot be returned. It never leaves the import pipeline: <see cref="ImportService"/>
/// turns it into a failed <see cref="ServiceResult{T}"/> at its boundary (docs/adr/0002-one-way-to-fail.md).
/// </summary>
internal sealed class ImportFileException(string message, Failure failure = Failure.Unreadable) : Exception(message)
{
    public Failure Failure { get; } = failure;

    public static ImportFileException TooLarge(long maxBytes) => new(TooLargeMessage(maxBytes), Failure.TooLarge);

    public static string TooLargeMessage(long maxBytes) =>
        $"Berkas terlalu besar; ukuran maksimal {(maxBytes / (1024.0 * 1024.0)).ToString("0.#", Formats.Culture)} MB. Pecah data menjadi beberapa berkas lalu unggah satu per satu.";
}
