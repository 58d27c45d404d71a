import { useEffect, useId, useState } from "react";
import { toApiError } from "../api/errors";
import { buttonPrimary, inputClass, labelClass } from "../components/ui";
import { hint, sectionTitle } from "./looks";
import { useUploadPhoto } from "./queries";

/** The API's limits (PHOTO_MAX_BYTES defaults to 2 MiB; the API's 413/415 are shown if they differ). */
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export function photoProblem(file: File): string | null {
  if (!PHOTO_TYPES.includes(file.type)) return "Choose a JPEG, PNG or WebP image.";
  if (file.size > PHOTO_MAX_BYTES) return "The photo must be at most 2 MB.";
  return null;
}

/** Pick → preview → upload; used by the doctor (own photo) and the admin (any doctor's). */
export function PhotoUpload({ current, name, doctorId }: { current: string | null; name: string; doctorId?: string }) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const upload = useUploadPhoto(doctorId);
  const problem = file ? photoProblem(file) : null;
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  const shown = preview ?? current;
  return (
    <div className="space-y-3">
      <h2 className={sectionTitle}>Photo</h2>
      {shown ? (
        <img
          src={shown}
          alt={`${preview ? "New photo" : "Current photo"} of ${name}`}
          className="size-40 rounded-2xl object-cover"
        />
      ) : (
        <p className="text-sm text-slate-700">No photo yet.</p>
      )}
      <div>
        <label htmlFor={id} className={labelClass}>
          Choose a photo
        </label>
        <input
          id={id}
          type="file"
          accept={PHOTO_TYPES.join(",")}
          aria-describedby={`${id}-h`}
          className={`${inputClass} mt-1`}
          onChange={(e) => {
            upload.reset();
            setFile(e.target.files?.[0] ?? null);
          }}
        />
        <p id={`${id}-h`} className={hint}>
          JPEG, PNG or WebP, at most 2 MB.
        </p>
      </div>
      <div aria-live="polite" className="text-sm">
        {problem && (
          <p role="alert" className="text-red-800">
            {problem}
          </p>
        )}
        {upload.isError && (
          <p role="alert" className="text-red-800">
            {toApiError(upload.error).message}
          </p>
        )}
        {upload.isSuccess && <p className="text-emerald-800">Photo updated.</p>}
      </div>
      <button
        type="button"
        className={buttonPrimary}
        disabled={!file || Boolean(problem) || upload.isPending}
        onClick={() => file && upload.mutate(file)}
      >
        {upload.isPending ? "Uploading…" : "Upload photo"}
      </button>
    </div>
  );
}
