namespace K3Competency.Web.Api;

/// <summary>RFC 9457 problem details with the status codes of DESIGN §7.</summary>
public static class ApiProblems
{
    /// <summary>422: the body lists what to fix, by field.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Validation(IDictionary<string, string[]> errors, string title = "Data tidak valid") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
        });

    /// <summary>
    /// Every problem the framework writes by itself (status code pages, a body that cannot be bound, an
    /// exception) gets an Indonesian title and a detail saying what to do, instead of "Bad Request".
    /// </summary>
    public static void Indonesian(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Title is not null && problem.Title != Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)
            && problem.Title != "An error occurred while processing your request.")
        {
            return;
        }
        (problem.Title, var detail) = status switch
        {
            400 => ("Permintaan tidak terbaca", "Periksa isi permintaan: JSON yang sah dengan field sesuai dokumentasi API (/openapi/v1.json)."),
            401 => ("Belum masuk", "Masuk dulu: kirim token dari POST /api/v1/auth/login sebagai Authorization: Bearer <token>."),
            403 => ("Tidak diizinkan", "Peran atau lembaga Anda tidak berhak atas permintaan ini."),
            404 => ("Tidak ditemukan", "Alamat atau data yang diminta tidak ada."),
            405 => ("Metode tidak didukung", "Alamat ini tidak menerima metode HTTP tersebut."),
            413 => ("Permintaan terlalu besar", "Perkecil isi permintaan, atau pecah berkas menjadi beberapa unggahan."),
            415 => ("Jenis isi tidak didukung", "Kirim isi permintaan sebagai application/json (atau jenis yang disebut dokumentasi API)."),
            429 => ("Terlalu banyak permintaan", "Tunggu sebentar, lalu coba lagi."),
            >= 500 => ("Terjadi kesalahan pada server", "Permintaan tidak dapat diselesaikan. Coba lagi; bila berulang, hubungi administrator."),
            _ => ("Permintaan tidak dapat diproses", null),
        };
        problem.Detail ??= detail;
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Status(int status, string title, string? detail = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>A failed service result as its problem: 422, 404, 403, 409 (conflict and stale edit).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult From<T>(K3Competency.Application.ServiceResult<T> result)
    {
        var detail = string.Join(" ", result.Errors.SelectMany(e => e.Value));
        return result.Failure switch
        {
            K3Competency.Application.Failure.NotFound => Status(StatusCodes.Status404NotFound, "Tidak ditemukan", detail),
            K3Competency.Application.Failure.Forbidden => Status(StatusCodes.Status403Forbidden, "Tidak diizinkan", detail),
            K3Competency.Application.Failure.Conflict or K3Competency.Application.Failure.Stale =>
                TypedResults.Problem(new HttpValidationProblemDetails(result.Errors.ToDictionary(e => e.Key, e => e.Value))
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Konflik",
                    Detail = detail,
                }),
            _ => Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value)),
        };
    }
}
