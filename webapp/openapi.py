"""The hand-written OpenAPI 3.1 description of the JSON API (served at
``/api/v1/openapi.json``)."""
from __future__ import annotations

from rewriter.model import CATEGORIES, SEVERITIES


def openapi_document(max_mb: int = 20) -> dict:
    error = {"$ref": "#/components/schemas/Error"}
    err_resp = lambda desc: {"description": desc,  # noqa: E731
                             "content": {"application/json": {"schema": error}}}
    lang = {"type": ["string", "null"], "enum": ["fr", "en", "auto", None],
            "description": "Langue de la lettre ; absente ou « auto » : détection."}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "rewriter API",
            "version": "1.0.0",
            "description": "Analyse de courriers administratifs en langage clair. Les erreurs "
                           "sont en JSON : {\"error\": \"phrase en français\", \"code\": "
                           "\"code stable\"}. Messages en anglais avec Accept-Language: en. "
                           f"Taille maximale d'un envoi : {max_mb} Mo.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/check": {"post": {
                "operationId": "check",
                "summary": "Analyser une lettre (.docx, .txt, .md) ou un texte",
                "requestBody": {"required": True, "content": {
                    "multipart/form-data": {"schema": {
                        "type": "object", "required": ["file"],
                        "properties": {"file": {"type": "string", "contentMediaType":
                                                "application/octet-stream"},
                                       "language": lang}}},
                    "application/json": {"schema": {
                        "type": "object", "required": ["text"],
                        "properties": {"text": {"type": "string"}, "language": lang,
                                       "filename": {"type": "string"}}}},
                }},
                "responses": {
                    "200": {"description": "Une entrée files[] du contrat JSON.",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/FileReport"}}}},
                    "400": err_resp("Entrée absente ou invalide."),
                    "413": err_resp("Envoi trop volumineux."),
                    "415": err_resp("Format de fichier non pris en charge."),
                    "422": {"description": "Fichier illisible (error renseigné) ou analyse "
                                           "arrêtée (temps ou mémoire).",
                            "content": {"application/json": {"schema": {"oneOf": [
                                {"$ref": "#/components/schemas/FileReport"}, error]}}}},
                    "503": err_resp("Service d'analyse indisponible."),
                }}},
            "/api/v1/rewrite": {"post": {
                "operationId": "rewrite",
                "summary": "Réécrire une lettre avec les remplacements acceptés",
                "requestBody": {"required": True, "content": {
                    "multipart/form-data": {"schema": {
                        "type": "object", "required": ["file"],
                        "properties": {
                            "file": {"type": "string",
                                     "contentMediaType": "application/octet-stream"},
                            "accept": {"type": "array", "items": {"type": "string"},
                                       "description": "Clés des remarques à appliquer "
                                       "(« paragraphe:début:fin:règle », voir /api/v1/check "
                                       "et engine.finding_key). Champ répétable, ou une "
                                       "liste JSON. Absent : tous les remplacements sûrs."},
                            "track_changes": {"type": "boolean",
                                              "description": ".docx : modifications suivies."},
                            "language": lang}}},
                    "application/json": {"schema": {
                        "type": "object", "required": ["text"],
                        "properties": {"text": {"type": "string"}, "language": lang,
                                       "accept": {"type": "array",
                                                  "items": {"type": "string"}}}}},
                }},
                "responses": {
                    "200": {"description": "La lettre réécrite, même format que l'envoi. "
                                           "En-tête X-Rewriter-Applied : nombre de "
                                           "remplacements appliqués.",
                            "headers": {"X-Rewriter-Applied": {"schema": {"type": "integer"}}},
                            "content": {
                                "application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document": {"schema": {
                                    "type": "string", "contentMediaType": "application/"
                                    "vnd.openxmlformats-officedocument.wordprocessingml."
                                    "document"}},
                                "text/plain": {"schema": {"type": "string"}}}},
                    "400": err_resp("Entrée absente ou invalide."),
                    "413": err_resp("Envoi trop volumineux."),
                    "415": err_resp("Format de fichier non pris en charge."),
                    "422": err_resp("Fichier illisible ou traitement arrêté."),
                    "503": err_resp("Service indisponible."),
                }}},
            "/healthz": {"get": {
                "operationId": "healthz", "summary": "État du service (base de données)",
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"status": {"const": "ok"}}}}}},
                    "503": {"description": "Base de données injoignable"}}}},
            "/api/v1/openapi.json": {"get": {
                "operationId": "openapi", "summary": "Cette description",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"],
                      "properties": {"error": {"type": "string"},
                                     "code": {"type": "string"}}},
            "Finding": {"type": "object",
                        "required": ["rule", "category", "severity", "message", "text",
                                     "paragraph", "start", "end", "suggestions"],
                        "properties": {
                            "rule": {"type": "string"},
                            "category": {"type": "string", "examples": list(CATEGORIES)},
                            "severity": {"type": "string", "enum": list(SEVERITIES)},
                            "message": {"type": "string"},
                            "text": {"type": "string"},
                            "paragraph": {"type": "integer", "minimum": 0},
                            "start": {"type": "integer", "minimum": 0},
                            "end": {"type": "integer", "minimum": 0},
                            "line": {"type": ["integer", "null"]},
                            "column": {"type": ["integer", "null"]},
                            "suggestions": {"type": "array", "items": {"type": "string"}},
                            "fixable": {"type": "boolean"}}},
            "FileReport": {"type": "object", "required": ["path", "findings", "error"],
                           "properties": {
                               "path": {"type": "string"},
                               "language": {"type": ["string", "null"]},
                               "score": {"type": ["number", "null"], "minimum": 0,
                                         "maximum": 100},
                               "subscores": {"type": "object"},
                               "readability": {"type": "object"},
                               "findings": {"type": "array",
                                            "items": {"$ref": "#/components/schemas/Finding"}},
                               "error": {"type": ["string", "null"]},
                               "notices": {"type": "array", "items": {"type": "string"}},
                               "code": {"type": "string"}}},
        }},
    }
