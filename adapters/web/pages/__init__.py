"""The workspace's pages, a router per part of the desk."""
