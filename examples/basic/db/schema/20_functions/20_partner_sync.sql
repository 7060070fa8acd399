-- Smell: a credential in a function body.
create function partner_api_headers() returns jsonb
language plpgsql immutable
as $$
declare
    api_key text := 'ghp_R8sT2kQ9vX4mN7bL1cZ5yH3jW6fD0aE8gK2p';
begin
    return jsonb_build_object('Authorization', 'token ' || api_key);
end;
$$;
