"""The users' pictures, on the simulator's own CDN-like path, as /v2 answers link them.

The world writes each picture where the real intra does (https://cdn.intra.42.fr/users/<user id in hex>/
<login>.jpg, and a <size>_<login>.jpg per version); a server puts its own URL in their place in everything
it sends (`own_links`), because a browser loads these pictures straight from the link and tests and the
demo reach nothing beyond loopback. Each is a small SVG of the user's initials, served as such whatever
its name ends with.
"""

import hashlib

from intrasim.world import AVATAR_ORIGIN, AVATAR_PATH, AVATAR_SIZES


def own_links(data, url):
    """JSON bytes with every picture link moved from the real CDN onto the server at url."""
    return data.replace(f"{AVATAR_ORIGIN}{AVATAR_PATH}".encode(), f"{url}{AVATAR_PATH}".encode())


def picture(user):
    """An SVG of the initials on a colour of the user's own."""
    login = user["login"]
    initials = (login[1:2] + login[:1]).upper()  # first name from the login's rest, last from its first letter
    hue = int(hashlib.sha256(login.encode()).hexdigest()[:4], 16) % 360
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
            f'<rect width="64" height="64" fill="hsl({hue} 45% 40%)"/>'
            f'<text x="32" y="41" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">'
            f"{initials}</text></svg>").encode()


def serve_avatar(handler, world):
    """Answer GET /users/<id in hex>/<login>.jpg (or <size>_<login>.jpg) like a CDN; 404 for anything else."""
    folder, _, name = handler.route_path[len(AVATAR_PATH):].partition("/")
    try:
        user = world.users_by_id.get(int(folder, 16)) if len(folder) == 32 else None
    except ValueError:
        user = None
    names = {f"{prefix}{user['login']}.jpg" for prefix in ("", *(f"{size}_" for size in AVATAR_SIZES))} if user else ()
    if name not in names:
        return handler.send_bytes(404, b"not found", "text/plain")
    return handler.send_bytes(200, picture(user), "image/svg+xml", {"Cache-Control": "max-age=86400"})
