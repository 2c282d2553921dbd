import { ApiError } from '../../api/client';
import i18n from '../../i18n';

const CSRF_COOKIE = 'tenure_csrf';

function csrfToken(): string | undefined {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/**
 * Posts a multipart form with XMLHttpRequest rather than fetch: only XHR reports upload progress,
 * which a large file needs. Same headers and error shape as the api client.
 */
export function uploadForm<T>(path: string, form: FormData, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', i18n.language || 'en');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    if (onProgress) xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.t('errors.network')));
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(payload as T);
      const error = (
        payload as
          | { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } }
          | undefined
      )?.error;
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? 'http_error',
          error?.message ?? i18n.t('errors.http', { status: xhr.status }),
          error?.issues ?? [],
        ),
      );
    };
    xhr.send(form);
  });
}
