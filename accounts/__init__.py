"""Sign-in with 42 (an allauth provider in accounts/intra42/) and the rule of who may enter."""
