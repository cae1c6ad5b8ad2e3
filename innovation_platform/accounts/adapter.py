from allauth.account.adapter import DefaultAccountAdapter

from innovation_platform.accounts.services import profile_ensure


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        user.save()
        profile_ensure(user)
        return user
